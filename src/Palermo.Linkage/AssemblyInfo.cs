namespace Palermo.Linkage;
