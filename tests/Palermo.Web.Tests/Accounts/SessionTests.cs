using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Audit;
using Palermo.Data;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Accounts;

public sealed class SessionTests
{
    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var client = app.Browser();
        for (var i = 0; i < 5; i++)
        {
            var bad = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = "wrong password " + i });
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        }

        var right = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        Assert.Contains("locked for 15 minutes", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var events = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.Where(e => e.EntityId == user.Id.ToString()).Select(e => e.Event).ToListAsync());
        Assert.Equal(4, events.Count(e => e == AuditEvent.SignInFailed));
        Assert.Contains(AuditEvent.LockedOut, events);
    }

    [Fact]
    public async Task SignIn_AnAddressWithoutAnAccount_GetsTheSameAnswersAsARealOne_SoTheLockDoesNotRevealWhoIsRegistered()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var deactivated = await app.UserWithRoleAsync(Role.CaseWorker);
        await app.With(sp => sp.GetRequiredService<PalermoDbContext>().Users.Where(u => u.Id == deactivated.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false), TestContext.Current.CancellationToken));
        var client = app.Browser();

        async Task<string> AnswerAsync(string email, string password)
        {
            var res = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = email, ["Password"] = password });
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var html = await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            return html.Contains("locked for 15 minutes", StringComparison.Ordinal) ? "locked"
                : html.Contains("E-mail or password is wrong", StringComparison.Ordinal) ? "wrong" : "other";
        }

        async Task<List<string>> SequenceAsync(string email, string lastPassword)
        {
            var answers = new List<string>();
            for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) answers.Add(await AnswerAsync(email, "wrong password " + i));
            answers.Add(await AnswerAsync(email, lastPassword));
            return answers;
        }

        List<string> expected = ["wrong", "wrong", "wrong", "wrong", "locked", "locked"];
        Assert.Equal(expected, await SequenceAsync(user.Email, user.Password));
        Assert.Equal(expected, await SequenceAsync("not.registered@example.org", "any password at all"));
        Assert.Equal(expected, await SequenceAsync(deactivated.Email, deactivated.Password));

        // Both locks end together, and both give a full new count. Identity reads the wall clock for its lock, not the
        // app's TimeProvider, and so does the unknown addresses' count: both locks are ended by hand as those fifteen
        // minutes would end them.
        await app.With(sp => sp.GetRequiredService<PalermoDbContext>().Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, TimeProvider.System.GetUtcNow().AddSeconds(-1)), TestContext.Current.CancellationToken));
        await app.With(sp => sp.GetRequiredService<PalermoDbContext>().Set<UnknownSignIn>()
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockedUntil, TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1)), TestContext.Current.CancellationToken));
        Assert.Equal("wrong", await AnswerAsync(user.Email, "still wrong"));
        Assert.Equal("wrong", await AnswerAsync("Not.Registered@example.org", "still wrong"));
        Assert.Equal("/Account/SignInMfa", (await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password })).Headers.Location!.OriginalString);
    }

    /// <summary>
    /// The phone with the authenticator is lost: each saved recovery code signs in once, however it is typed (as printed,
    /// in lower case, without the dash, with spaces); a used one is refused with an error that says so.
    /// </summary>
    [Fact]
    public async Task SignIn_RecoveryCode_WorksOnceInAnyCaseOrSpacing_AndIsAudited()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var codes = await app.With(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PalermoUser>>();
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id.ToString()))!, 10))!.ToList();
        });
        Assert.All(codes, c => Assert.Matches("^[A-Z0-9]{5}-[A-Z0-9]{5}$", c));
        var typed = new[] { codes[0], codes[1].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), $" {codes[2][..3]} {codes[2][3..]} " };
        foreach (var code in typed)
        {
            var client = app.Browser();
            await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
            var res = await PalermoApplication.PostFormAsync(client, "/Account/SignInMfa", new() { ["Code"] = code });
            Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
            Assert.Equal("/", res.Headers.Location!.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);
        }

        var again = app.Browser();
        await PalermoApplication.PostFormAsync(again, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        var used = await PalermoApplication.PostFormAsync(again, "/Account/SignInMfa", new() { ["Code"] = codes[0] });
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Contains("That recovery code is not valid, or it has been used already.", WebUtility.HtmlDecode(await used.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await again.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);

        var events = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.Where(e => e.ActorId == user.Id).Select(e => e.Event).ToListAsync());
        Assert.Equal(3, events.Count(e => e == AuditEvent.RecoveryCodeUsed));
        Assert.Equal(7, await app.With(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PalermoUser>>();
            return await users.CountRecoveryCodesAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        }));
    }

    /// <summary>
    /// RFC 6238 §5.2: an authenticator code that signed in once does not sign in again — not from another browser,
    /// not while it is still shown on the phone — and two sign-ins racing with the same code let one through.
    /// </summary>
    [Fact]
    public async Task AuthenticatorCode_SignsInOnce_AReplayIsRefused_TheNextCodeWorks()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var code = await Palermo.Testing.TestTotp.NextAsync(user.TotpSecret);
        var first = await PasswordThenCodeAsync(app, user, code);
        Assert.Equal(HttpStatusCode.Redirect, first.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);

        var replay = await PasswordThenCodeAsync(app, user, code);
        Assert.Equal(HttpStatusCode.OK, replay.Response.StatusCode);
        Assert.Contains("That code is not valid, or it has been used already.", WebUtility.HtmlDecode(await replay.Response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await replay.Client.GetAsync("/Cases", TestContext.Current.CancellationToken)).StatusCode);

        // Two browsers post the same fresh code at once: one is signed in, the other refused.
        var next = await Palermo.Testing.TestTotp.NextAsync(user.TotpSecret);
        var a = app.Browser();
        var b = app.Browser();
        foreach (var c in new[] { a, b }) await PalermoApplication.PostFormAsync(c, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        var raced = await Task.WhenAll(PalermoApplication.PostFormAsync(a, "/Account/SignInMfa", new() { ["Code"] = next }), PalermoApplication.PostFormAsync(b, "/Account/SignInMfa", new() { ["Code"] = next }));
        Assert.True(raced.Count(r => r.StatusCode == HttpStatusCode.Redirect) == 1, string.Join(", ", raced.Select(r => r.StatusCode)));
        Assert.True(raced.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, string.Join(", ", raced.Select(r => r.StatusCode)));

        // The code after it still works.
        var later = await PasswordThenCodeAsync(app, user, await Palermo.Testing.TestTotp.NextAsync(user.TotpSecret));
        Assert.Equal(HttpStatusCode.Redirect, later.Response.StatusCode);
        var events = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.Where(e => e.ActorId == user.Id && e.Purpose == "mfa").Select(e => e.Event).ToListAsync());
        Assert.Equal(3, events.Count(e => e == AuditEvent.SignInSucceeded));
        Assert.Equal(2, events.Count(e => e == AuditEvent.SignInFailed));
    }

    private static async Task<(HttpClient Client, HttpResponseMessage Response)> PasswordThenCodeAsync(PalermoApplication app, TestUser user, string code)
    {
        var client = app.Browser();
        var password = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        Assert.Equal("/Account/SignInMfa", password.Headers.Location!.OriginalString);
        return (client, await PalermoApplication.PostFormAsync(client, "/Account/SignInMfa", new() { ["Code"] = code }));
    }

    /// <summary>
    /// The phone with the authenticator is lost, and the recovery codes with it: the organisation's administrator
    /// issues a new link with the authenticator reset. The user sets a new password and enrols a new key — not the old
    /// one again — and the old phone's codes no longer sign in.
    /// </summary>
    [Fact]
    public async Task LostPhone_AdministratorResetsTheAuthenticator_ANewKeyIsEnrolled_TheOldPhoneNoLongerSignsIn()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var admin = await app.SignInAsync(await app.CreateUserAsync(Role.OrganisationAdministrator, user.OrganisationId));
        var issued = await PalermoApplication.PostFormAsync(admin, "/Admin/Users", new() { ["UserId"] = user.Id.ToString(), ["ResetMfa"] = "true" }, handler: "Reset");
        var token = System.Text.RegularExpressions.Regex.Match(await issued.Content.ReadAsStringAsync(ct), "id=\"issued-link\">[^<]*token=([A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.NotEmpty(token);

        var client = app.Browser();
        const string password = "a new password for a new phone";
        var set = await PalermoApplication.PostFormAsync(client, $"/Account/Welcome?token={token}", new() { ["Token"] = token, ["Password"] = password, ["Confirm"] = password });
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var signIn = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = password });
        Assert.Equal("/Account/Mfa", signIn.Headers.Location!.OriginalString);
        var newKey = System.Text.RegularExpressions.Regex.Match(await client.GetStringAsync("/Account/Mfa", ct), "<code id=\"secret\">([A-Z2-7]+)</code>").Groups[1].Value;
        Assert.NotEmpty(newKey);
        Assert.NotEqual(user.TotpSecret, newKey);
        var withOld = await PalermoApplication.PostFormAsync(client, "/Account/Mfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(user.TotpSecret) });
        Assert.Contains("That code is not valid.", await withOld.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var enrolled = await PalermoApplication.PostFormAsync(client, "/Account/Mfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(newKey) });
        Assert.Contains("recovery-codes", await enrolled.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        var later = app.Browser();
        await PalermoApplication.PostFormAsync(later, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = password });
        var oldPhone = await PalermoApplication.PostFormAsync(later, "/Account/SignInMfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(user.TotpSecret) });
        Assert.Equal(HttpStatusCode.OK, oldPhone.StatusCode);
        Assert.Contains("That code is not valid", await oldPhone.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        var newPhone = await PalermoApplication.PostFormAsync(later, "/Account/SignInMfa", new() { ["Code"] = await Palermo.Testing.TestTotp.NextAsync(newKey) });
        Assert.Equal(HttpStatusCode.Redirect, newPhone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/Cases", ct)).StatusCode);
    }

    /// <summary>
    /// A person changes their own password on the security page: each mistake is named on its field and changes nothing;
    /// once changed, this browser stays signed in, every other session of the account ends, and only the new password
    /// signs in. Audited without the password or the address.
    /// </summary>
    [Fact]
    public async Task ChangePassword_MistakesNameTheirField_ThenThisSessionStaysAndOthersEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var here = await app.SignInAsync(user);
        var elsewhere = await app.SignInAsync(user);
        const string fresh = "tides turning under a copper moon";

        async Task<string> ChangeAsync(string current, string next, string confirm)
        {
            var res = await PalermoApplication.PostFormAsync(here, "/Account/Security", new() { ["Password"] = current, ["NewPassword"] = next, ["Confirm"] = confirm }, handler: "ChangePassword");
            // Changed: redirected to the page (a reload must not send the passwords again); refused: the page with the error.
            if (res.StatusCode == HttpStatusCode.SeeOther) res = await PalermoApplication.FollowAsync(here, res, "/Account/Security");
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            return WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(ct));
        }

        Assert.Contains("id=\"Password-error\">The password is wrong.", await ChangeAsync("not my password", fresh, fresh), StringComparison.Ordinal);
        Assert.Contains("id=\"NewPassword-error\">Use at least 12 characters.", await ChangeAsync(user.Password, "short", "short"), StringComparison.Ordinal);
        Assert.Contains("id=\"Confirm-error\">The two passwords differ.", await ChangeAsync(user.Password, fresh, fresh + "!"), StringComparison.Ordinal);
        Assert.Contains("id=\"NewPassword-error\">The new password is the same as the current one.", await ChangeAsync(user.Password, user.Password, user.Password), StringComparison.Ordinal);
        Assert.Matches("id=\"NewPassword-error\">[^<]*common", await ChangeAsync(user.Password, "password12345", "password12345"));
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/Cases", ct)).StatusCode);

        var done = await ChangeAsync(user.Password, fresh, fresh);
        Assert.Contains("Your password is changed. Every other device signed in to this account is signed out.", done, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/Cases", ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await elsewhere.GetAsync("/Cases", ct)).StatusCode);

        var withOld = await PalermoApplication.PostFormAsync(app.Browser(), "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        Assert.Contains("E-mail or password is wrong.", await withOld.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        await app.SignInAsync(user with { Password = fresh });

        var entries = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.Where(e => e.ActorId == user.Id).ToListAsync());
        Assert.Single(entries, e => e.Event == AuditEvent.PasswordChanged);
        Assert.DoesNotContain(entries, e => $"{e.EntityId}{e.Purpose}".Contains(fresh, StringComparison.Ordinal) || $"{e.EntityId}{e.Purpose}".Contains(user.Email, StringComparison.Ordinal));
    }

    /// <summary>New recovery codes from the account's security page replace the old ones at once.</summary>
    [Fact]
    public async Task NewRecoveryCodes_FromTheSecurityPage_ReplaceTheOldOnes()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.Analyst);
        var old = await app.With(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PalermoUser>>();
            return (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByIdAsync(user.Id.ToString()))!, 10))!.First();
        });
        var client = await app.SignInAsync(user);
        var wrong = await PalermoApplication.PostFormAsync(client, "/Account/Security", new() { ["Password"] = "not the password" }, handler: "RecoveryCodes");
        Assert.Contains("The password is wrong.", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var res = await PalermoApplication.PostFormAsync(client, "/Account/Security", new() { ["Password"] = user.Password }, handler: "RecoveryCodes");
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("Your old recovery codes no longer work.", page, StringComparison.Ordinal);
        var codes = System.Text.RegularExpressions.Regex.Matches(page, "<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.DoesNotContain(old, codes);

        var withOld = app.Browser();
        await PalermoApplication.PostFormAsync(withOld, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        var refused = await PalermoApplication.PostFormAsync(withOld, "/Account/SignInMfa", new() { ["Code"] = old });
        Assert.Contains("That recovery code is not valid", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
        var withNew = app.Browser();
        await PalermoApplication.PostFormAsync(withNew, "/Account/SignIn", new() { ["Email"] = user.Email, ["Password"] = user.Password });
        Assert.Equal(HttpStatusCode.Redirect, (await PalermoApplication.PostFormAsync(withNew, "/Account/SignInMfa", new() { ["Code"] = codes[9] })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/Statistics", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task SignIn_Successful_IsAuditedWithoutTheEmail()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.Analyst);
        await app.SignInAsync(user);
        var entries = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().AuditEntries.AsNoTracking().ToListAsync());
        Assert.Contains(entries, e => e.Event == AuditEvent.SignInSucceeded && e.Purpose == "mfa" && e.ActorId == user.Id);
        Assert.DoesNotContain(entries, e => $"{e.EntityId}{e.Purpose}{e.EntityType}".Contains(user.Email, StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains(user.Email, StringComparison.OrdinalIgnoreCase) || l.Contains(user.Password, StringComparison.Ordinal));
    }

    [Fact]
    public Task SignOut_ACopyOfTheCookieStopsWorkingToo_TheOtherDevicesSessionStays_Sqlite() => SignOutCopyAsync(null);

    [Fact]
    public async Task SignOut_ACopyOfTheCookieStopsWorkingToo_TheOtherDevicesSessionStays_Postgres() =>
        await SignOutCopyAsync(await Palermo.Testing.TestEnv.CreatePostgresDatabaseAsync());

    private static async Task SignOutCopyAsync(string? postgres)
    {
        using var app = new PalermoApplication(postgres);
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var jar = new System.Net.CookieContainer();
        var shared = await app.SignInAsync(user, app.Browser(jar));
        var phone = await app.SignInAsync(user);
        // Someone copies the session cookie of the shared computer before its user signs out.
        var copyJar = new System.Net.CookieContainer();
        copyJar.Add(jar.GetAllCookies());
        var copy = app.Browser(copyJar);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);

        var signOut = await PalermoApplication.PostFormAsync(shared, "/Account/SignOut", []);
        Assert.Contains("signed-out", signOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var after = await copy.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/SignIn", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        // The record of a signed-out session goes once no session that old can exist: the next sign-out drops it.
        app.Time.Advance(TimeSpan.FromHours(11));
        var later = await app.SignInAsync(user);
        await PalermoApplication.PostFormAsync(later, "/Account/SignOut", []);
        var names = await app.With(sp => sp.GetRequiredService<PalermoDbContext>().UserTokens
            .Where(t => t.UserId == user.Id && t.LoginProvider == SignedOutSessions.Store && t.Name.StartsWith("SignedOut:")).Select(t => t.Name).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Single(names);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsTheOtherDevicesSession()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var phone = await app.SignInAsync(user);
        var laptop = await app.SignInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        var res = await PalermoApplication.PostFormAsync(laptop, "/Account/Security", [], handler: "Everywhere");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        var after = await phone.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Account/SignIn", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_IdleFor21Minutes_Ends()
    {
        using var app = new PalermoApplication();
        var client = await app.SignInAsAsync(Role.CaseWorker);
        app.Time.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
        app.Time.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Session_ActiveButOlderThanTenHours_Ends()
    {
        using var app = new PalermoApplication();
        var client = await app.SignInAsAsync(Role.CaseWorker);
        for (var i = 0; i < 39; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(15));
            var res = await client.GetAsync("/", TestContext.Current.CancellationToken);
            Assert.True(res.StatusCode == HttpStatusCode.OK, $"after {(i + 1) * 15} minutes: {res.StatusCode} {res.Headers.Location}");
        }

        app.Time.Advance(TimeSpan.FromMinutes(16)); // 10 h 1 min after sign-in
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ReplaceAuthenticator_NeedsThePasswordAgain()
    {
        using var app = new PalermoApplication();
        var user = await app.UserWithRoleAsync(Role.CaseWorker);
        var client = await app.SignInAsync(user);
        var wrong = await PalermoApplication.PostFormAsync(client, "/Account/Security", new() { ["Password"] = "not my password" }, "ReplaceAuthenticator");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The password is wrong", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var right = await PalermoApplication.PostFormAsync(client, "/Account/Security", new() { ["Password"] = user.Password }, "ReplaceAuthenticator");
        Assert.Equal("/Account/Mfa", right.Headers.Location!.OriginalString);
        // Until the new authenticator is enrolled, the session can do nothing else.
        Assert.Equal("/Account/Mfa", (await client.GetAsync("/", TestContext.Current.CancellationToken)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task WelcomeLink_SetsPasswordOnce_CommonPasswordRefused()
    {
        using var app = new PalermoApplication();
        var org = await app.CreateOrganisationAsync("Welcome NGO");
        var created = await app.With(sp => sp.GetRequiredService<CreateUser>().HandleAsync(new("new@ngo.example", org.Id.ToString(), ["CaseWorker"]), Actor.Cli));
        var client = app.Browser();
        var url = $"/Account/Welcome?token={created.SignInToken}";
        var common = await PalermoApplication.PostFormAsync(client, url, new() { ["Token"] = created.SignInToken, ["Password"] = "iloveyou12345", ["Confirm"] = "iloveyou12345" });
        Assert.Contains("too common", await common.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var mismatch = await PalermoApplication.PostFormAsync(client, url, new() { ["Token"] = created.SignInToken, ["Password"] = "river stones and paper boats", ["Confirm"] = "different" });
        Assert.Contains("The two passwords differ", await mismatch.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var ok = await PalermoApplication.PostFormAsync(client, url, new() { ["Token"] = created.SignInToken, ["Password"] = "river stones and paper boats", ["Confirm"] = "river stones and paper boats" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Contains("expired or has already been used", await client.GetStringAsync(url, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var signIn = await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = "new@ngo.example", ["Password"] = "river stones and paper boats" });
        Assert.Equal("/Account/Mfa", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_ManyAttemptsFromOneAddress_AreRateLimited()
    {
        using var app = new PalermoApplication(signInRateLimit: 20);
        var client = app.Browser();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            var email = $"nobody{i}@example.org";
            statuses.Add((await PalermoApplication.PostFormAsync(client, "/Account/SignIn", new() { ["Email"] = email, ["Password"] = "guess" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        // Only attempts count: the form itself still shows (people behind one shared address can still read it).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/SignIn", TestContext.Current.CancellationToken)).StatusCode);
    }
}
