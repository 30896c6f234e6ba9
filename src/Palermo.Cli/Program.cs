using Palermo.Cli.Linkage;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(c =>
{
    c.SetApplicationName("palermo");
    c.AddLinkage();
});
return app.Run(args);
