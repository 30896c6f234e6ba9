using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using Palermo.Demo;
using Palermo.Statistics.Publications;
using static Palermo.Browser.Tests.Accessibility.Targets;

namespace Palermo.Browser.Tests.Accessibility;

/// <summary>
/// Palermo's main tasks done with the keyboard alone in a real browser (WCAG 2.1.1 Keyboard, 2.1.2 No keyboard trap,
/// 2.4.3 Focus order, 2.4.7 Focus visible, 2.4.1 Bypass blocks). A control is reached only by pressing Tab or
/// Shift+Tab from wherever the focus is, and operated only with keys: typing, Space on checkboxes, arrow keys in a
/// select, Enter on links and buttons. Every element the focus stops on must show a focus indicator that differs from
/// its unfocused look and must be on screen. On each page of a task, a full Tab round must pass every visible control,
/// leave the page content and come back, and Shift+Tab must retrace it. Failures list where the focus went by role and
/// label, never by what was typed. Sign-in reuses <see cref="BrowserApp.SignInAsync"/> (its own keyboard test is in
/// FirstAdministratorTests).
/// </summary>
public sealed partial class KeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Screening_KeyboardOnly_ChooseListTickIndicatorsRecordAndReadTheOutcome()
    {
        app.RequireBrowser();
        var officer = await app.CreateUserAsync(Role.CaseWorker, "Keyboard Outreach");
        var keys = await SignedInAsync(officer);

        await keys.TabTo(Link("Screening"));
        await keys.EnterAndWait();
        await keys.RoundTrip("screening start");
        await keys.TabTo(Link("Adult — labour exploitation"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Adult");
        await keys.RoundTrip("screening checklist");
        foreach (var (dimension, indicator) in new[]
        {
            ("1. Deceptive recruitment (including transfer and transport)", "Deceived about the nature of the job, location or employer"),
            ("1. Deceptive recruitment (including transfer and transport)", "Deceived about wages/earnings"),
            ("4. Exploitative conditions of work (exploitation)", "Excessive working days or hours"),
            ("4. Exploitative conditions of work (exploitation)", "Low or no salary"),
            ("5. Coercion at destination", "Confiscation of documents"),
            ("5. Coercion at destination", "Debt bondage"),
            ("Forced labour (ILO, 11 indicators)", "Retention of identity documents"),
        })
        {
            await keys.TabTo(Check(indicator, dimension, prefix: true)); // the label ends with the indicator's grade
            await keys.Space();
        }

        await keys.TabTo(Button("Record screening"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("presumed victim (screening)");
        await Assertions.Expect(keys.Page.GetByText("1 of 11 ILO forced-labour indicators present.", new() { Exact = false })).ToBeVisibleAsync();
        await keys.RoundTrip("screening result");
        await keys.TabTo(Link("Back to screenings"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Cell, new() { Name = "presumed victim (screening)", Exact = false })).ToBeVisibleAsync();
        keys.AssertNoProblems();
    }

    [Fact]
    public async Task RegisterConsentReferAcceptServeClose_KeyboardOnly_TwoOrganisations()
    {
        app.RequireBrowser();
        var ngo = await app.CreateUserAsync(Role.CaseWorker, "Harbour NGO");
        var shelter = await app.CreateUserAsync(Role.CaseWorker, "Safe House", "Shelter");
        var keys = await SignedInAsync(ngo);

        // Register: text, dates, citizenship, a form of exploitation.
        await keys.TabTo(Link("Cases"));
        await keys.EnterAndWait();
        await keys.RoundTrip("case list, empty");
        await keys.TabTo(Link("Register a presumed victim"));
        await keys.EnterAndWait();
        await keys.RoundTrip("register");
        await RegisterAsync(keys, roundTripFromTheDate: true);
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");

        // Consent for the referral and for sharing the identity, then the referral.
        async Task RecordConsent(string purpose)
        {
            await keys.TabTo(Select("Purpose"));
            await keys.Choose(purpose);
            await keys.TabTo(Select("Recorded as"));
            await keys.Choose("Written");
            await keys.TabTo(Select("For organisation (referral or sharing)"));
            await keys.Choose("Safe House");
            await keys.TabTo(Button("Record consent"));
            await keys.EnterAndWait();
        }

        await RecordConsent("Referral");
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Consent recorded");
        await RecordConsent("Sharing identifiable data");
        await Assertions.Expect(keys.Page.GetByText("Sharing identifiable data → Safe House", new() { Exact = false })).ToBeVisibleAsync();
        await keys.RoundTrip("case page, owner");
        await keys.Page.SetViewportSizeAsync(320, 640);
        await keys.RoundTrip("case page, owner, 320 px");
        await keys.Page.SetViewportSizeAsync(1280, 720);
        await keys.TabTo(Select("To organisation"));
        await keys.Choose("Safe House");
        await keys.TabTo(Check("Shelter", "Services needed"));
        await keys.Space();
        await keys.TabTo(Check("Identity", "The receiver may see", prefix: true));
        await keys.Space();
        await keys.TabTo(Check("Services and their outcomes", "The receiver may see"));
        await keys.Space();
        await keys.TabTo(Button("Refer"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Referral sent");

        // The shelter accepts in its inbox, opens the case and records the service.
        var other = await SignedInAsync(shelter);
        await other.TabTo(Link("Referrals"));
        await other.EnterAndWait();
        await other.RoundTrip("referral inbox, pending");
        // At phone width the table's rows become blocks; the order must still follow the page.
        await other.Page.SetViewportSizeAsync(320, 640);
        await other.RoundTrip("referral inbox, pending, 320 px");
        await other.Page.SetViewportSizeAsync(1280, 720);
        await other.TabTo(Button("Accept"));
        await other.EnterAndWait();
        await Assertions.Expect(other.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Referral accepted");
        await other.TabTo(Link("PAL-2026-", prefix: true));
        await other.EnterAndWait();
        await Assertions.Expect(other.Page.GetByText("Tetiana Hrytsenko")).ToBeVisibleAsync();
        await other.RoundTrip("case page, receiver");
        await other.TabTo(Select("Service"));
        await other.Choose("Shelter");
        await other.TabTo(Date("Start date"));
        await other.Date("2026-03-03");
        await other.TabTo(Select("Status"));
        await other.Choose("In progress");
        await other.TabTo(Button("Record service"));
        await other.EnterAndWait();
        await Assertions.Expect(other.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Service recorded");
        other.AssertNoProblems();

        // The NGO finds the case in its list, sees the service and closes the case.
        await keys.TabTo(Link("Cases"));
        await keys.EnterAndWait();
        await keys.TabTo(Link("PAL-2026-", prefix: true));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByText("Shelter by Safe House, from", new() { Exact = false })).ToBeVisibleAsync();
        await keys.TabTo(Field("Reason"));
        await keys.Type("Assistance completed");
        await keys.TabTo(Button("Close"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByText("Closed — Assistance completed")).ToBeVisibleAsync();
        keys.AssertNoProblems();
    }

    [Fact]
    public async Task StatisticsPublication_KeyboardOnly_AnalystDraftsCoordinatorApprovesPublicPageShowsIt()
    {
        app.RequireBrowser();
        await app.With(sp => sp.GetRequiredService<SeedDemo>().HandleAsync(60, 3, Actor.Cli));
        var analyst = await app.CreateUserAsync(Role.Analyst, "Statistics Office", "NationalCoordinator");
        var coordinator = await app.CreateUserAsync(Role.NationalCoordinator, "Statistics Office", "NationalCoordinator");
        var year = TimeProvider.System.GetUtcNow().Year;
        const string title = "Detected victims, keyboard edition";

        var keys = await SignedInAsync(analyst);
        await keys.TabTo(Link("Statistics"));
        await keys.EnterAndWait();
        await keys.RoundTrip("dashboard");
        await keys.TabTo(Select("Reporting organisation"));
        await keys.Choose("Police");
        await keys.TabTo(Button("Show"));
        await keys.EnterAndWait();
        Assert.Contains("Filter.Kind=Police", keys.Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(keys.Page.Locator("#chart-form svg")).ToBeVisibleAsync();

        // A table wider than its box scrolls sideways from the keyboard: Tab to its region, then the arrow keys.
        await keys.ScrollWideTable();
        await keys.TabTo(Link("Publications"));
        await keys.EnterAndWait();
        await keys.RoundTrip("publications, none");
        await keys.TabTo(Field("Title"));
        await keys.Type(title);
        await keys.TabTo(Field("From year"));
        await keys.Type((year - 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await keys.TabTo(Field("To year"));
        await keys.Type(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await keys.TabTo(Button("Save draft"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Draft saved.");
        keys.AssertNoProblems();

        var co = await SignedInAsync(coordinator);
        await co.TabTo(Link("Statistics"));
        await co.EnterAndWait();
        await co.TabTo(Link("Publications"));
        await co.EnterAndWait();
        await co.RoundTrip("publications, a draft to approve");
        await co.TabTo(Button("Approve and publish"));
        await co.EnterAndWait();
        await Assertions.Expect(co.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Approved and published.");
        await co.TabTo(Link("View"));
        await co.EnterAndWait();
        await Assertions.Expect(co.Page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        await co.RoundTrip("public publication");
        co.AssertNoProblems();
    }

    [Fact]
    public async Task SkipLink_IsTheFirstStop_AndTakesTheFocusToTheMainContent()
    {
        app.RequireBrowser();
        var worker = await app.CreateUserAsync(Role.CaseWorker, "Keyboard Outreach");
        var keys = await SignedInAsync(worker);
        await keys.TabTo(Link("Cases"));
        await keys.EnterAndWait();

        var first = await keys.Press("Tab");
        Assert.Equal("link 'Skip to content'", first?.ToString());
        Assert.True(first!.InView, "the skip link is off screen when focused");
        await keys.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await keys.Page.EvaluateAsync<string>("() => document.activeElement.id"));
        var next = await keys.Press("Tab");
        Assert.Equal("link 'Register a presumed victim'", next?.ToString());
        Assert.True(await keys.Page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"));
        keys.AssertNoProblems();
    }

    [Fact]
    public async Task SessionWarnings_KeyboardOnly_StaySignedInAndDismissKeepTheFocusAndReturnItToTheNote()
    {
        app.RequireBrowser();
        var worker = await app.CreateUserAsync(Role.CaseWorker, "Keyboard Outreach");
        var keys = await SignedInAsync(worker);
        await keys.TabTo(Link("Cases"));
        await keys.EnterAndWait();
        await keys.TabTo(Link("Register a presumed victim"));
        await keys.EnterAndWait();
        await RegisterAsync(keys);
        var caseUrl = keys.Page.Url;
        var page = keys.Page;
        var panel = page.Locator(".session-panel");

        // Idle: the warning takes the focus to "Stay signed in"; Enter renews and brings the focus back to the note.
        await page.Clock.InstallAsync();
        await page.GotoAsync(caseUrl);
        await keys.TabTo(Field("New note", prefix: true));
        await keys.Type("Met her at the bus station.");
        await page.Clock.FastForwardAsync("18:05");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToBeFocusedAsync();
        await keys.CheckFocus();
        var renewed = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"), r => r.Url.EndsWith("/Account/KeepAlive", StringComparison.Ordinal));
        Assert.Equal(204, renewed.Status);
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#noteText")).ToBeFocusedAsync();

        // Warned again and no answer: the session ends while "Stay signed in" has the focus. The button goes, the
        // focus stays in the warning on "Dismiss warning"; Enter there brings it back to the note, text intact.
        await page.Clock.FastForwardAsync("18:05");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stay signed in" })).ToBeFocusedAsync();
        await page.Clock.FastForwardAsync("02:10");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("still on this page");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dismiss warning" })).ToBeFocusedAsync();
        await keys.CheckFocus();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#noteText")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#noteText")).ToHaveValueAsync("Met her at the bus station.");

        // Absolute limit near: the warning leaves the focus where it is; Tab reaches "Dismiss warning", Enter closes
        // the warning and the focus goes back to the note, not to the top of the page.
        var near = await SignedInAsync(worker);
        var other = near.Page;
        await other.RouteAsync(caseUrl, async route =>
        {
            var response = await route.FetchAsync();
            var body = Regex.Replace(await response.TextAsync(), "data-absolute-seconds=\"[0-9]*\"", "data-absolute-seconds=\"900\"");
            await route.FulfillAsync(new() { Response = response, Body = body });
        });
        await other.Clock.InstallAsync();
        await other.GotoAsync(caseUrl);
        await near.TabTo(Field("New note", prefix: true));
        await other.Clock.FastForwardAsync("05:10");
        await Assertions.Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot be extended");
        Assert.StartsWith("textbox 'New note", (await near.Current())?.ToString(), StringComparison.Ordinal);
        await near.TabTo(Button("Dismiss warning"));
        await other.Keyboard.PressAsync("Enter");
        await Assertions.Expect(other.Locator(".session-panel")).ToBeHiddenAsync();
        await Assertions.Expect(other.Locator("#noteText")).ToBeFocusedAsync();
        keys.AssertNoProblems();
        near.AssertNoProblems();
    }

    [Fact]
    public async Task WelcomeLink_KeyboardOnly_PasswordRefusedThenSet_EnrolWrongCodeThenRight_SignOutPage_SignInCodeWrongThenRight()
    {
        app.RequireBrowser();
        var (email, token) = await app.CreateInvitedUserAsync(Role.CaseWorker, "Keyboard Welcome");
        const string password = "lanterns along the winter harbour";
        var page = await (await app.Browser.NewContextAsync(new() { Locale = "en-US" })).NewPageAsync();
        var keys = new Walker(page);
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        var notice = page.GetByRole(AriaRole.Status);

        await page.GotoAsync($"{app.BaseUrl}/Account/Welcome?token={token}");
        await Assertions.Expect(heading).ToHaveTextAsync("Choose your password");
        await keys.RoundTrip("welcome link");
        await keys.TabTo(Field("New password", prefix: true));
        await keys.Type("too short");
        await keys.TabTo(Field("Repeat the password"));
        await keys.Type("too short");
        await keys.TabTo(Button("Set password"));
        await keys.EnterAndWait();
        await keys.ExpectFocusOnError(Field("New password", prefix: true), $"Use at least {IdentityDefaults.MinPasswordLength} characters.");
        await keys.RoundTrip("welcome, refused");
        await keys.Retype(password);
        await keys.TabTo(Field("Repeat the password"));
        await keys.Type(password);
        await keys.TabTo(Button("Set password"));
        await keys.EnterAndWait();
        await Assertions.Expect(notice).ToHaveTextAsync("Your password is set. Sign in to continue.");
        await Assertions.Expect(notice).ToBeFocusedAsync();

        // First sign-in: enrolment in two-step verification, a mistyped code first.
        await KeyboardAccount.PasswordAsync(keys, email, password);
        await Assertions.Expect(heading).ToHaveTextAsync("Set up two-step verification");
        await keys.TabTo(Field("Code"));
        await keys.Type("000000");
        await keys.TabTo(Button("Turn on"));
        await keys.EnterAndWait();
        await keys.ExpectFocusOnError(Field("Code"), "That code is not valid. Check the time on your phone and enter the current code (each code works once).");
        await keys.RoundTrip("MFA enrolment, refused");
        var secret = await page.Locator("#secret").InnerTextAsync();
        await KeyboardAccount.CodeAsync(keys, secret, "Turn on");
        await Assertions.Expect(heading).ToHaveTextAsync("Two-step verification is on");
        await keys.TabTo(Link("Continue"));
        await keys.EnterAndWait();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cases" })).ToBeVisibleAsync();

        // The sign-out page: its own button is the first stop after the skip link.
        await page.GotoAsync($"{app.BaseUrl}/Account/SignOut");
        await Assertions.Expect(heading).ToHaveTextAsync("Sign out");
        await keys.RoundTrip("sign-out page");
        await page.GotoAsync($"{app.BaseUrl}/Account/SignOut");
        await keys.TabTo(Link("Skip to content"));
        await page.Keyboard.PressAsync("Enter");
        var button = await keys.Press("Tab");
        Assert.Equal("button 'Sign out'", button?.ToString());
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('main').contains(document.activeElement)"), "the first stop after the skip link is not in the page content");
        await keys.EnterAndWait();
        await Assertions.Expect(notice).ToHaveTextAsync("You are signed out.");
        await Assertions.Expect(notice).ToBeFocusedAsync();

        // Signing in again asks for the code; a wrong one is refused with the focus on the field and its error.
        await KeyboardAccount.PasswordAsync(keys, email, password);
        await Assertions.Expect(heading).ToHaveTextAsync("Verification code");
        await keys.RoundTrip("sign-in code");
        await keys.TabTo(Field("Code"));
        await keys.Type("000000");
        await keys.TabTo(Button("Verify"));
        await keys.EnterAndWait();
        await keys.ExpectFocusOnError(Field("Code"), "That code is not valid, or it has been used already. Codes change every 30 seconds, and each works once.");
        await keys.RoundTrip("sign-in code, refused");
        await KeyboardAccount.CodeAsync(keys, secret, "Verify");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cases" })).ToBeVisibleAsync();
        Assert.Equal("/", new Uri(page.Url).AbsolutePath);
        keys.AssertNoProblems();
    }

    [Fact]
    public async Task PublishedStatistics_KeyboardOnly_Anonymous_ListPublicationWideTableAt320_NotFoundAndErrorPages()
    {
        app.RequireBrowser();
        await app.With(sp => sp.GetRequiredService<SeedDemo>().HandleAsync(60, 3, Actor.Cli));
        var year = TimeProvider.System.GetUtcNow().Year;
        const string title = "Detected victims, for everyone";
        await app.With(async sp =>
        {
            // Drafted and approved by two people (the four-eyes rule); the keyboard walk of that is StatisticsPublication_….
            var analyst = new Actor(Guid.NewGuid(), null, new HashSet<Role> { Role.Analyst }, null);
            var coordinator = new Actor(Guid.NewGuid(), null, new HashSet<Role> { Role.NationalCoordinator }, null);
            var draft = await sp.GetRequiredService<DraftPublication>().HandleAsync(new(title, "Persons detected, by year.", year - 2, year, [.. ChartIds.Tables, .. ChartIds.All]), analyst);
            return await sp.GetRequiredService<ApprovePublication>().HandleAsync(draft.Id, 5, coordinator);
        });
        var page = await (await app.Browser.NewContextAsync(new() { Locale = "en-US" })).NewPageAsync();
        var keys = new Walker(page);
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        // From the sign-in page, where an anonymous visitor lands, to the footer's link.
        await page.GotoAsync($"{app.BaseUrl}/Account/SignIn");
        await keys.TabTo(Link("Published statistics"));
        await keys.EnterAndWait();
        await Assertions.Expect(heading).ToHaveTextAsync("Published statistics");
        await keys.RoundTrip("published statistics");
        await keys.TabTo(Link(title));
        await keys.EnterAndWait();
        await Assertions.Expect(heading).ToHaveTextAsync(title);
        await keys.RoundTrip("a publication");
        await keys.ScrollWideTable();
        await page.SetViewportSizeAsync(320, 640);
        await keys.RoundTrip("a publication, 320 px");
        await page.SetViewportSizeAsync(1280, 720);
        await keys.TabTo(Link("All published statistics"), backwards: true);
        await keys.EnterAndWait();
        await Assertions.Expect(heading).ToHaveTextAsync("Published statistics");

        // A publication that does not exist: the app's page says so, and the footer's link leads on. (An address that
        // matches no page at all takes an anonymous visitor to the sign-in page, like every page that is not public.)
        var response = await page.GotoAsync($"{app.BaseUrl}/Public/Statistics/{Guid.NewGuid()}");
        Assert.Equal(404, response?.Status);
        await Assertions.Expect(heading).ToHaveTextAsync("Not found");
        await Assertions.Expect(page).ToHaveTitleAsync("Not found · Palermo");
        await keys.RoundTrip("not found");
        await keys.TabTo(Link("Published statistics"));
        await keys.EnterAndWait();
        await Assertions.Expect(heading).ToHaveTextAsync("Published statistics");

        await page.GotoAsync($"{app.BaseUrl}/Error");
        await Assertions.Expect(heading).ToHaveTextAsync("Something went wrong");
        await keys.RoundTrip("error page");
        keys.AssertNoProblems();
    }

    /// <summary>The pages outside the main tasks, as the roles that use them: only the round trip (every control
    /// reached with a visible focus, no trap, order), not their forms.</summary>
    [Fact]
    public async Task OtherPages_AsTheirRoles_TabReachesEveryControlWithVisibleFocusAndNoTrap()
    {
        app.RequireBrowser();
        const string org = "Keyboard Harbour";
        var worker = await app.CreateUserAsync(Role.CaseWorker, org);
        var keys = await SignedInAsync(worker);
        await keys.TabTo(Link("Cases"));
        await keys.EnterAndWait();
        await keys.TabTo(Link("Register a presumed victim"));
        await keys.EnterAndWait();
        await RegisterAsync(keys);
        var id = keys.Page.Url.Split('/')[^1];

        var pages = new (Role Role, string Kind, string[] Paths)[]
        {
            (Role.CaseWorker, "NonGovernmentalOrganisation", ["/", $"/Cases/Edit/{id}", $"/Cases/Identity/{id}", $"/Cases/Attachments/{id}", $"/Cases/Screenings/{id}", "/Linkage/Submit", "/Account/Security"]),
            (Role.CaseSupervisor, "NonGovernmentalOrganisation", [$"/Cases/View/{id}", "/Cases/Transfer", $"/Privacy/Subject/{id}"]),
            (Role.DataProtectionOfficer, "NonGovernmentalOrganisation", ["/Privacy/Overrides", "/Privacy/Retention"]),
            (Role.OrganisationAdministrator, "NonGovernmentalOrganisation", ["/Admin/Users", "/Linkage/Kit"]),
            (Role.SystemAdministrator, "NationalCoordinator", ["/Admin/Organisations", "/Admin/ServiceTypes", "/Admin/Users"]),
            (Role.NationalCoordinator, "NationalCoordinator", ["/Linkage"]),
        };
        var walkers = new List<Walker>();
        foreach (var (role, kind, paths) in pages)
        {
            var walker = role == Role.CaseWorker ? keys : await SignedInAsync(await app.CreateUserAsync(role, kind == "NationalCoordinator" ? "Keyboard Coordination" : org, kind));
            walkers.Add(walker);
            foreach (var path in paths)
            {
                var response = await walker.Page.GotoAsync(app.BaseUrl + path);
                Assert.True(response is { Ok: true }, $"{path} as {role}: {response?.Status}");
                await Assertions.Expect(walker.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                await walker.RoundTrip(role.ToString());
            }
        }

        var problems = walkers.SelectMany(w => w.Problems).Distinct().ToList();
        Assert.True(problems.Count == 0, "Keyboard problems:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task TheWalker_ReportsKnownFaults_NoFocusIndicatorMouseOnlyPositiveTabindexJumpAndTrap()
    {
        app.RequireBrowser();
        var page = await (await app.Browser.NewContextAsync()).NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Faults</title><style>
              :focus-visible { outline: 3px solid #000; }
              #plain:focus { outline: none; }
              .up { display: flex; flex-direction: column-reverse; }
            </style></head><body><main>
              <button>Fine</button>
              <button id="plain">No outline</button>
              <div class="up"><a href="#a">First in the source</a><a href="#b">Second in the source</a></div>
              <span role="button" onclick="void 0">Mouse only</span>
              <input aria-label="Positive tabindex" tabindex="2">
            </main></body></html>
            """);
        var keys = new Walker(page);
        await keys.RoundTrip("faults");
        Assert.Contains(keys.Problems, p => p.Contains("button 'No outline' has no visible focus indicator", StringComparison.Ordinal));
        Assert.DoesNotContain(keys.Problems, p => p.Contains("button 'Fine'", StringComparison.Ordinal));
        Assert.Contains(keys.Problems, p => p.Contains("from link 'First in the source' to link 'Second in the source'", StringComparison.Ordinal));
        Assert.Contains(keys.Problems, p => p.Contains("Tab cannot reach", StringComparison.Ordinal) && p.Contains("Mouse only", StringComparison.Ordinal));
        Assert.Contains(keys.Problems, p => p.Contains("positive tabindex", StringComparison.Ordinal));

        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Trap</title></head><body><main>
              <input aria-label="Before"><input aria-label="Trap" onkeydown="if (event.key === 'Tab') event.preventDefault()"><input aria-label="After">
            </main></body></html>
            """);
        var trapped = new Walker(page);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => trapped.RoundTrip("trap"));
        Assert.Contains("keyboard trap", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The registration form filled from the keyboard; ends on the new case's page.</summary>
    private static async Task RegisterAsync(Walker keys, bool roundTripFromTheDate = false)
    {
        await keys.TabTo(Field("Given name (or the name the person uses)"));
        await keys.Type("Tetiana");
        await keys.TabTo(Field("Family name"));
        await keys.Type("Hrytsenko");
        await keys.TabTo(Date("Birth date"));
        await keys.Date("1996-05-20");
        // From inside a date field (its year part has the focus), Tab must still go round and come back.
        if (roundTripFromTheDate) await keys.RoundTrip("register, from inside the birth date");
        await keys.TabTo(Field("Citizenship(s)", prefix: true));
        await keys.Type("UKR");
        await keys.TabTo(Date("Identification date"));
        await keys.Date("2026-03-02");
        await keys.TabTo(Field("Country of detection", prefix: true));
        await keys.Type("ITA");
        await keys.TabTo(Check("Forced labour", "Forms of exploitation"));
        await keys.Space();
        await keys.TabTo(Button("Register"));
        await keys.EnterAndWait();
        await Assertions.Expect(keys.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("PAL-2026-");
    }

    /// <summary>A signed-in user on the home page, in a browser context of its own (en-US: the date fields' order).</summary>
    private async Task<Walker> SignedInAsync((string Email, string Password, string Secret, Guid OrganisationId) user)
    {
        var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await app.SignInAsync(page, user.Email, user.Password, user.Secret);
        try
        {
            // The class's first sign-in runs while the other test projects start beside it on two cores (CI: a cold
            // app, the first page of each kind compiled), so it gets 90 s. Polled, not WaitForURLAsync: that checks
            // the URL and then subscribes to navigation events, and an event delivered in between is lost
            // (microsoft/playwright-dotnet#3364) — it then waited out its whole timeout on a page already at "/".
            await Assertions.Expect(page).Not.ToHaveURLAsync(AccountPage(), new() { Timeout = 90_000 });
            await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = 30_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            // The page's heading and error summary say why (no personal data on them).
            var said = string.Join(" | ", await page.Locator("h1, .form-errors").AllInnerTextsAsync());
            Assert.Fail($"Sign-in stayed on {new Uri(page.Url).AbsolutePath} after {started.Elapsed.TotalSeconds:0} s: {said}");
        }

        return new Walker(page);
    }

    [GeneratedRegex("/Account/")]
    private static partial Regex AccountPage();
}
