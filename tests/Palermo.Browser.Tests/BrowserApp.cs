using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Testing;

namespace Palermo.Browser.Tests;

/// <summary>
/// The real web app on Kestrel (loopback, free port) and Debian's Chromium driven by Playwright. A browser download
/// is impossible here, so Chromium is launched by its executable path; without it the tests fail under
/// PALERMO_REQUIRE_ALL=1 and skip visibly otherwise.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _dir = TestEnv.TempDir();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("PALERMO_CHROMIUM") ?? "/usr/bin/chromium";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("data-dir", _dir);
        builder.UseSetting("Palermo:SignInRateLimit", "1000");
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            if (TestEnv.RequireAll) Assert.Fail($"PALERMO_REQUIRE_ALL=1 but Chromium is not at {ChromiumPath} (apt-get install chromium).");
            return;
        }

        UseKestrel(0);
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public void RequireBrowser()
    {
        if (_playwright is null) Assert.Skip($"Chromium not found at {ChromiumPath}; install it (apt-get install chromium) to run browser tests.");
    }

    public async Task<T> With<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static string ShotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    public override async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.CloseAsync();
            _playwright.Dispose();
        }

        await base.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
