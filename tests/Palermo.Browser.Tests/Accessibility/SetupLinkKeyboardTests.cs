using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using static Palermo.Browser.Tests.Accessibility.Targets;

namespace Palermo.Browser.Tests.Accessibility;

/// <summary>
/// The first administrator's way in, with the keyboard alone (the driver and its checks are
/// <see cref="KeyboardTests"/>'s). A class of its own because the setup link works only while no account exists, and
/// every other keyboard test creates accounts in its fixture's database.
/// </summary>
public sealed class SetupLinkKeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task FirstAdministrator_KeyboardOnly_SetupRefusedTwiceThenDone_SignInWrongPasswordThenRight_EnrolMfa_SignOut_RecoveryCode_LockedOut_LinkUsed()
    {
        app.RequireBrowser();
        var token = (await app.With(sp => sp.GetRequiredService<SetupLink>().HandleAsync()))!;
        var page = await (await app.Browser.NewContextAsync(new() { Locale = "en-US" })).NewPageAsync();
        var keys = new Walker(page);
        const string email = "first.admin@coordinator.example";
        const string password = "quiet orchards under winter rain";

        await page.GotoAsync($"{app.BaseUrl}/Account/Setup?token={token}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Create the first administrator");
        await keys.RoundTrip("setup link");

        // The skip link first, as a keyboard user does (the round trip ends on it). An address that is not one: the form
        // comes back with the focus on the e-mail field, its error read with it; the page's address ending in #main
        // must not stop that.
        Assert.Equal("link 'Skip to content'", (await keys.Current())?.ToString());
        await page.Keyboard.PressAsync("Enter");
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);
        await keys.TabTo(Field("E-mail"));
        await keys.Type("first.admin at coordinator");
        await keys.TabTo(Field("Password", prefix: true));
        await keys.Type(password);
        await keys.TabTo(Field("Repeat the password"));
        await keys.Type(password);
        await keys.TabTo(Button("Create administrator"));
        await keys.EnterAndWait();
        await keys.ExpectFocusOnError(Field("E-mail"), "This is not a valid e-mail address.");
        await keys.RoundTrip("setup, refused e-mail");

        // The address corrected, the repeated password mistyped: the focus goes down to the field in error, not to the
        // top. Passwords are never sent back, so both are typed again.
        await keys.Retype(email);
        await keys.TabTo(Field("Password", prefix: true));
        await keys.Type(password);
        await keys.TabTo(Field("Repeat the password"));
        await keys.Type("quiet orchards under winter snow");
        await keys.TabTo(Button("Create administrator"));
        await keys.EnterAndWait();
        await keys.ExpectFocusOnError(Field("Repeat the password"), "The two passwords differ.");
        await keys.TabTo(Field("Password", prefix: true), backwards: true);
        await keys.Type(password);
        await keys.TabTo(Field("Repeat the password"));
        await keys.Type(password);
        await keys.TabTo(Button("Create administrator"));
        await keys.EnterAndWait();

        // The sign-in page says so, with the focus on the notice; at desktop width and at 320 px.
        var notice = page.GetByRole(AriaRole.Status);
        await Assertions.Expect(notice).ToHaveTextAsync("Your password is set. Sign in to continue.");
        await Assertions.Expect(notice).ToBeFocusedAsync();
        await keys.RoundTrip("sign-in, password set");
        await page.SetViewportSizeAsync(320, 640);
        await keys.RoundTrip("sign-in, 320 px");
        await page.SetViewportSizeAsync(1280, 720);

        // A wrong password is an error of the whole form: the focus is on the summary that says so.
        await KeyboardAccount.PasswordAsync(keys, email, "not the password at all");
        var summary = page.GetByRole(AriaRole.Alert, new() { Name = "There is a problem" });
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("E-mail or password is wrong.");
        await keys.RoundTrip("sign-in, wrong password");
        await KeyboardAccount.PasswordAsync(keys, email, password);

        // Two-step verification: the key is printed on the page (the QR code is its picture), the code typed.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Set up two-step verification");
        await keys.RoundTrip("MFA enrolment");
        var secret = await page.Locator("#secret").InnerTextAsync();
        await KeyboardAccount.CodeAsync(keys, secret, "Turn on");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Two-step verification is on");
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        var recovery = (await page.Locator("#recovery-codes li").First.InnerTextAsync()).Trim();
        await keys.RoundTrip("recovery codes");
        await keys.TabTo(Link("Continue"));
        await keys.EnterAndWait();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();

        // The header's "Sign out" button: back on the sign-in page, which says so with the focus on it.
        await keys.TabTo(Button("Sign out"));
        await keys.EnterAndWait();
        await Assertions.Expect(notice).ToHaveTextAsync("You are signed out.");
        await Assertions.Expect(notice).ToBeFocusedAsync();

        // The phone is lost: a recovery code instead of the authenticator's, typed as printed (with its dash).
        await KeyboardAccount.PasswordAsync(keys, email, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Verification code");
        await keys.RoundTrip("sign-in code");
        await keys.TabTo(Link("Lost your phone? Use a recovery code instead"));
        await keys.EnterAndWait();
        await keys.RoundTrip("sign-in, recovery code");
        await keys.TabTo(Field("Recovery code"));
        await keys.Retype(recovery);
        await keys.TabTo(Button("Verify"));
        await keys.EnterAndWait();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await keys.TabTo(Button("Sign out"));
        await keys.EnterAndWait();

        // A recovery code works once: used again (typed in lower case, in the six-digit field), the error says so — not
        // "codes change every 30 seconds" — on the recovery code's field.
        await KeyboardAccount.PasswordAsync(keys, email, password);
        await keys.TabTo(Field("Code"));
        await keys.Retype(recovery.ToLowerInvariant());
        await keys.TabTo(Button("Verify"));
        await keys.EnterAndWait();
        await keys.ExpectFocusOnError(Field("Recovery code"), "That recovery code is not valid, or it has been used already. Each recovery code works once.");
        await keys.RoundTrip("sign-in code, recovery code used");

        // Wrong passwords until the account locks: the summary says for how long, with the focus on it. The right
        // password does not get through while it is locked.
        await page.GotoAsync($"{app.BaseUrl}/Account/SignIn");
        for (var i = 0; i < IdentityDefaults.MaxFailedSignIns; i++) await KeyboardAccount.PasswordAsync(keys, email, "not the password at all");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Too many failed attempts. This account is locked for 15 minutes.");
        await keys.RoundTrip("sign-in, locked");
        await KeyboardAccount.PasswordAsync(keys, email, password);
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("This account is locked");

        // The setup link, once used, says so and offers nothing to fill in.
        await page.GotoAsync($"{app.BaseUrl}/Account/Setup?token={token}");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This setup link has expired or has already been used. Restart Palermo to print a new one while no account exists.");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await keys.RoundTrip("setup link, used");
        keys.AssertNoProblems();
    }
}
