using Palermo.Accounts;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Scratch;

public sealed class ScratchTests
{
    [Fact]
    public async Task Nul()
    {
        using var web = new PalermoApplication(backgroundJobs: false);
        var org = await web.CreateOrganisationAsync("S");
        var sup = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, org.Id));
        var n = web.Logs.Lines.Count;
        var res = await PalermoApplication.PostFormAsync(sup, "/Cases/Register", new() { ["Input.GivenName"] = "A\u0000B" });
        File.WriteAllText("/tmp/nul.txt", $"{(int)res.StatusCode}\n" + string.Join("\n", web.Logs.Lines.Skip(n)));
    }
}
