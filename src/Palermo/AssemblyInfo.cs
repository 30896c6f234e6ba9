namespace Palermo;
