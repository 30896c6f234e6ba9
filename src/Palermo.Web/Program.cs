var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => "ok").AllowAnonymous();
app.Run();

public partial class Program;
