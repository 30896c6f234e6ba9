using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Palermo.Accounts;
using Palermo.Demo;

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
public sealed class KeyboardTests(BrowserApp app) : IClassFixture<BrowserApp>
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
        var wide = await keys.Page.EvaluateAsync<string?>("() => { const d = [...document.querySelectorAll('.table-scroll')].find(d => d.scrollWidth > d.clientWidth + 1); return d ? document.getElementById(d.getAttribute('aria-labelledby')).textContent.replace(/\\s+/g, ' ').trim() : null; }");
        Assert.NotNull(wide);
        await keys.TabTo(new Target("region", wide, null, false));
        Assert.Equal(0, await keys.Page.EvaluateAsync<double>("() => document.activeElement.scrollLeft"));
        for (var i = 0; i < 3; i++) await keys.Page.Keyboard.PressAsync("ArrowRight");
        await keys.Page.WaitForFunctionAsync("() => document.activeElement.scrollLeft > 0", null, new() { Timeout = 5000 }); // the table moved
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
        await app.SignInAsync(page, user.Email, user.Password, user.Secret);
        try
        {
            await page.WaitForURLAsync(u => !u.Contains("/Account/", StringComparison.Ordinal));
        }
        catch (TimeoutException)
        {
            // The page's heading and error summary say why (no personal data on them).
            var said = string.Join(" | ", await page.Locator("h1, .form-errors").AllInnerTextsAsync());
            Assert.Fail($"Sign-in stayed on {new Uri(page.Url).AbsolutePath}: {said}");
        }

        return new Walker(page);
    }

    private static Target Link(string name, bool prefix = false) => new("link", name, null, prefix);
    private static Target Button(string name) => new("button", name, null, false);
    private static Target Field(string name, bool prefix = false) => new("textbox", name, null, prefix);
    private static Target Date(string name) => new("date", name, null, false);
    private static Target Select(string name) => new("select", name, null, false);
    private static Target Check(string name, string group, bool prefix = false) => new("checkbox", name, group, prefix);

    /// <summary>What to Tab to: a role, a label (exact or its start) and, for a choice, the legend of its group.</summary>
    private sealed record Target(string Role, string Name, string? Group, bool Prefix)
    {
        public bool Matches(Stop s) => s.Role == Role && (Group is null || s.Group == Group)
            && (Prefix ? s.Name.StartsWith(Name, StringComparison.Ordinal) : s.Name == Name);

        public override string ToString() => $"{Role} '{Name}'" + (Group is null ? "" : $" in '{Group}'");
    }

    /// <summary>Where the focus is: the element's role, label and group, and its box in page coordinates.</summary>
    private sealed record Stop(string Id, string Role, string Name, string Group, string Row, double Top, double Left, double Bottom, double Right, bool InView)
    {
        public override string ToString() => $"{Role} '{Name}'";
    }

    /// <summary>
    /// The keyboard driver. It only presses keys; it reads the page (where the focus is, how the focused element is
    /// drawn) through script, and the only thing that script changes is a data attribute that tells elements apart.
    /// </summary>
    private sealed class Walker(IPage page)
    {
        private const int MaxPresses = 150;

        // The focused element: role, accessible-ish name (aria-label, aria-labelledby, label, text), legend of its
        // fieldset, and its box. A per-document token plus a counter identify elements across calls.
        private const string DescribeScript = """
            () => {
              const t = s => (s || '').replace(/\s+/g, ' ').trim();
              const el = document.activeElement;
              if (!el || el === document.body || el === document.documentElement) return null;
              if (!window.__kbdPage) { window.__kbdPage = Math.random().toString(36).slice(2); window.__kbdNext = 0; }
              if (!el.dataset.kbd) el.dataset.kbd = window.__kbdPage + ':' + (++window.__kbdNext);
              const tag = el.tagName.toLowerCase();
              const type = (el.getAttribute('type') || '').toLowerCase();
              const role = el.getAttribute('role')
                || ({ a: 'link', button: 'button', select: 'select', textarea: 'textbox' })[tag]
                || (tag === 'input' ? (['checkbox', 'radio', 'date'].includes(type) ? type : ['submit', 'button'].includes(type) ? 'button' : 'textbox') : tag);
              let name = el.getAttribute('aria-label');
              if (!name && el.getAttribute('aria-labelledby')) name = el.getAttribute('aria-labelledby').split(/\s+/).map(id => document.getElementById(id)?.textContent).join(' ');
              // A label's own text, without the options of a select it wraps.
              const text = l => { const c = l.cloneNode(true); c.querySelectorAll('select, input, textarea').forEach(x => x.remove()); return c.textContent; };
              if (!name && el.labels && el.labels.length) name = text(el.labels[0]);
              if (!name && !['input', 'select', 'textarea'].includes(tag)) name = el.textContent;
              const fs = el.closest('fieldset');
              const legend = fs && fs.querySelector('legend');
              const r = el.getBoundingClientRect();
              // A table row is read left to right whatever the heights of its cells.
              const tr = el.closest('tr');
              if (tr && !tr.dataset.kbdRow) tr.dataset.kbdRow = window.__kbdPage + ':r' + (++window.__kbdNext);
              return { id: el.dataset.kbd, role, name: t(name), group: legend ? t(legend.textContent) : '', row: tr ? tr.dataset.kbdRow : '',
                top: r.top + scrollY, left: r.left + scrollX, bottom: r.bottom + scrollY, right: r.right + scrollX,
                inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth };
            }
            """;

        // The focused element's outline and shadow, then the same element unfocused (blur, measure, focus again).
        private const string FocusStyleScript = """
            () => {
              const el = document.activeElement;
              const pick = s => ({ style: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0, color: s.outlineColor, shadow: s.boxShadow });
              const on = pick(getComputedStyle(el));
              el.blur();
              const off = pick(getComputedStyle(el));
              el.focus({ preventScroll: true });
              const clear = c => c === 'transparent' || /^rgba\(.*,\s*0\)$/.test(c);
              const outline = !['none', 'hidden'].includes(on.style) && on.width >= 1 && !clear(on.color)
                && (on.style !== off.style || on.width !== off.width || on.color !== off.color);
              const shadow = on.shadow !== 'none' && on.shadow !== off.shadow;
              return { ok: outline || shadow, how: `outline ${on.style} ${on.width}px ${on.color}, shadow ${on.shadow}; unfocused outline ${off.style} ${off.width}px ${off.color}` };
            }
            """;

        // Every control a user could reach: visible, enabled, not taken out of the Tab order.
        private const string FocusablesScript = """
            () => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
              .filter(el => !el.disabled && el.type !== 'hidden' && el.tabIndex >= 0 && el.getClientRects().length > 0
                && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[hidden], [inert]'))
              .map(el => ({ id: el.dataset.kbd || '', name: (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent || el.getAttribute('aria-label') || el.name || el.tagName).replace(/\s+/g, ' ').trim(), positive: el.tabIndex > 0 }))
            """;

        // Elements that look operable (a click handler or a widget role) but are out of the Tab order.
        private const string MouseOnlyScript = """
            () => [...document.querySelectorAll('[onclick], [role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], [role=switch]')]
              .filter(el => el.tabIndex < 0 && !el.disabled && el.getClientRects().length > 0 && !el.closest('[hidden], [inert]'))
              .map(el => (el.getAttribute('aria-label') || el.textContent || el.tagName).replace(/\s+/g, ' ').trim())
            """;

        private readonly HashSet<string> _checked = [];
        private readonly List<string> _problems = [];

        public IPage Page => page;

        public IReadOnlyList<string> Problems => _problems;

        public async Task<Stop?> Current()
        {
            var json = await page.EvaluateAsync<JsonElement?>(DescribeScript);
            if (json is not { ValueKind: JsonValueKind.Object } j) return null;
            return new Stop(j.GetProperty("id").GetString()!, j.GetProperty("role").GetString()!, j.GetProperty("name").GetString()!,
                j.GetProperty("group").GetString()!, j.GetProperty("row").GetString()!, j.GetProperty("top").GetDouble(), j.GetProperty("left").GetDouble(),
                j.GetProperty("bottom").GetDouble(), j.GetProperty("right").GetDouble(), j.GetProperty("inView").GetBoolean());
        }

        /// <summary>One key; the first time the focus lands on an element, its focus indicator is checked.</summary>
        public async Task<Stop?> Press(string key)
        {
            await page.Keyboard.PressAsync(key);
            var stop = await Current();
            if (stop is not null && _checked.Add(stop.Id)) await CheckFocus(stop);
            return stop;
        }

        public async Task CheckFocus(Stop? stop = null)
        {
            stop ??= await Current();
            if (stop is null) return;
            var path = new Uri(page.Url).AbsolutePath;
            if (!stop.InView) _problems.Add($"{path}: {stop} is focused but not on screen (2.4.7)");
            var style = await page.EvaluateAsync<JsonElement>(FocusStyleScript);
            if (!style.GetProperty("ok").GetBoolean()) _problems.Add($"{path}: {stop} has no visible focus indicator (2.4.7): {style.GetProperty("how").GetString()}");
        }

        /// <summary>Tab (or Shift+Tab) from where the focus is until the target has it.</summary>
        public async Task<Stop> TabTo(Target target, bool backwards = false)
        {
            var key = backwards ? "Shift+Tab" : "Tab";
            var way = new List<string>();
            for (var i = 0; i < MaxPresses; i++)
            {
                var stop = await Press(key);
                way.Add(stop?.ToString() ?? "(outside the page)");
                if (stop is not null && target.Matches(stop)) return stop;
            }

            Assert.Fail($"{new Uri(page.Url).AbsolutePath}: {target} not reached in {MaxPresses} presses of {key}. The focus went through: {string.Join(" → ", way)}");
            return null!;
        }

        public Task Type(string text) => page.Keyboard.TypeAsync(text);

        /// <summary>Space on the focused checkbox; it must then be ticked.</summary>
        public async Task Space()
        {
            await page.Keyboard.PressAsync("Space");
            Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.checked === true"), $"Space did not tick {await Current()}");
        }

        /// <summary>An option of the focused select chosen with the arrow keys (the list stays closed).</summary>
        public async Task Choose(string option)
        {
            var state = await page.EvaluateAsync<JsonElement>("() => { const s = document.activeElement; return { at: s.selectedIndex, options: [...s.options].map(o => o.text.replace(/\\s+/g, ' ').trim()) }; }");
            var options = state.GetProperty("options").EnumerateArray().Select(o => o.GetString()).ToList();
            var to = options.IndexOf(option);
            Assert.True(to >= 0, $"{await Current()} has no option '{option}'");
            var from = state.GetProperty("at").GetInt32();
            for (var i = from; i != to; i += Math.Sign(to - from)) await page.Keyboard.PressAsync(to > from ? "ArrowDown" : "ArrowUp");
            Assert.Equal(option, await page.EvaluateAsync<string>("() => document.activeElement.selectedOptions[0]?.text.replace(/\\s+/g, ' ').trim()"));
        }

        /// <summary>A date typed into the focused date field, segment by segment (en-US: month, day, year).</summary>
        public async Task Date(string iso)
        {
            var d = DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await page.Keyboard.TypeAsync(d.ToString("MMddyyyy", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(iso, await page.EvaluateAsync<string>("() => document.activeElement.value"));
        }

        /// <summary>Enter on the focused link or button, then wait until the next page has loaded.</summary>
        public async Task EnterAndWait()
        {
            await page.EvaluateAsync("() => { window.__kbdLeaving = true; }");
            await page.Keyboard.PressAsync("Enter");
            for (var i = 0; ; i++)
            {
                try
                {
                    if (await page.EvaluateAsync<bool>("() => !window.__kbdLeaving && document.readyState !== 'loading'")) return;
                }
                catch (PlaywrightException)
                {
                    // The old document went away mid-call; ask the new one.
                }

                if (i == 300) Assert.Fail($"{new Uri(page.Url).AbsolutePath}: Enter on {await Current()} did not lead to a new page");
                await Task.Delay(50); // 300 × 50 ms: 15 s
            }
        }

        /// <summary>
        /// From where the focus is, Tab goes round the whole page: past every visible control, out of the page content
        /// and back (no trap, 2.1.2; nothing mouse-only, 2.1.1), in reading order (2.4.3); Shift+Tab retraces the same
        /// round backwards. The focus ends where it started.
        /// </summary>
        public async Task RoundTrip(string state)
        {
            var path = new Uri(page.Url).AbsolutePath + $" [{state}]";
            // A notice that took the focus on load (tabindex="-1", NoticeTagHelper) is not in the Tab order, so no round
            // comes back to it: the round starts at the next stop, as the user's first Tab from the notice does.
            var start = await Current();
            if (start is null || await page.EvaluateAsync<bool>("() => document.activeElement instanceof HTMLElement && document.activeElement.tabIndex < 0"))
            {
                start = await Press("Tab");
            }

            var forward = await Round("Tab", start!.Id, path);
            Assert.True(forward.Contains(null), $"{path}: Tab never left the page content: {Describe(forward)}");
            var backward = await Round("Shift+Tab", start.Id, path);
            // Chromium leaves the page once per round going forward but not always going back; compare the controls.
            var ids = forward.Where(s => s is not null).Select(s => s!.Id).ToList();
            var back = backward.Where(s => s is not null).Select(s => s!.Id).SkipLast(1).Reverse().Append(start.Id).ToList();
            Assert.True(ids.SequenceEqual(back), $"{path}: Shift+Tab does not retrace Tab.\nTab: {Describe(forward)}\nShift+Tab: {Describe(backward)}");

            var missed = (await page.EvaluateAsync<JsonElement>(FocusablesScript)).EnumerateArray()
                .Where(e => e.GetProperty("id").GetString() is not { Length: > 0 } id || !ids.Contains(id))
                .Select(e => e.GetProperty("name").GetString()).ToList();
            if (missed.Count > 0) _problems.Add($"{path}: visible controls Tab never reached (2.1.1): {string.Join("; ", missed)}");
            var mouseOnly = (await page.EvaluateAsync<string[]>(MouseOnlyScript)) ?? [];
            if (mouseOnly.Length > 0) _problems.Add($"{path}: operable by mouse but Tab cannot reach (2.1.1): {string.Join("; ", mouseOnly)}");
            if ((await page.EvaluateAsync<JsonElement>(FocusablesScript)).EnumerateArray().Any(e => e.GetProperty("positive").GetBoolean()))
                _problems.Add($"{path}: a positive tabindex reorders the focus (2.4.3)");

            // Reading order: each stop is below the previous one, or to its right on the same line or in the same table
            // row. The round is cut where it leaves the page; the skip link, placed over the header while focused, is
            // not compared.
            for (var i = 1; i < forward.Count; i++)
            {
                if (forward[i - 1] is not { } a || forward[i] is not { } b || a.Name == "Skip to content") continue;
                var sameLine = ((b.Top < a.Bottom && b.Bottom > a.Top) || (a.Row.Length > 0 && a.Row == b.Row)) && b.Left >= a.Left - 1;
                if (b.Top < a.Top - 4 && !sameLine) _problems.Add($"{path}: the focus jumps back up the page from {a} to {b} (2.4.3)");
            }
        }

        // Presses the key until the focus is back at the start; consecutive stops on one element (the parts of a
        // date field) count once.
        private async Task<List<Stop?>> Round(string key, string? start, string path)
        {
            var seen = new List<Stop?>();
            for (var i = 0; i < 400; i++)
            {
                var stop = await Press(key);
                // Still inside the element the round started from (the next part of a date field), or on the same
                // element as the previous press: one stop.
                if (stop is not null && (seen.Count == 0 ? stop.Id == start : seen[^1]?.Id == stop.Id)) continue;
                seen.Add(stop);
                if (stop?.Id == start) return seen;
            }

            Assert.Fail($"{path}: {key} did not come back to where it started in 400 presses (keyboard trap?): {Describe(seen)}");
            return seen;
        }

        private static string Describe(IEnumerable<Stop?> stops) => string.Join(" → ", stops.Select(s => s?.ToString() ?? "(outside the page)"));

        public void AssertNoProblems() =>
            Assert.True(_problems.Count == 0, "Keyboard problems:\n" + string.Join("\n", _problems.Distinct()));
    }
}
