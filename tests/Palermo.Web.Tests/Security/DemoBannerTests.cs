using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

public sealed class DemoBannerTests
{
    [Fact]
    public async Task DemoMode_EveryPageShowsTheBanner_OtherwiseNone()
    {
        using (var demo = new PalermoApplication(demo: true))
        {
            var page = await demo.Browser().GetStringAsync("/Account/SignIn", TestContext.Current.CancellationToken);
            Assert.Contains("Demo — synthetic data", page, StringComparison.Ordinal);
        }

        using var real = new PalermoApplication();
        Assert.DoesNotContain("Demo — synthetic data", await real.Browser().GetStringAsync("/Account/SignIn", TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
