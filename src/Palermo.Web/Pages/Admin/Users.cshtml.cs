using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Web.Accounts;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Admin;

[Authorize(Policy = Policies.ManageAccounts)]
public sealed class UsersModel(ListUsers list, ListOrganisations orgs, PalermoDbContext db, IServiceProvider services, PalermoSettings settings) : PalermoPage
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Organisation { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public bool ResetMfa { get; set; }

    /// <summary>Part of an address to find accounts by (the list shows at most <see cref="ListUsers.Limit"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "find")] public string? Find { get; set; }
    public string? IssuedLink { get; private set; }

    /// <summary>The row whose role change was refused, with the roles ticked in it.</summary>
    public Guid? RolesRow { get; private set; }
    public IReadOnlyList<UserSummary> Items { get; private set; } = [];
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];

    /// <summary>The administrator's own row offers neither deactivation nor a role change (both are refused).</summary>
    public Guid? CurrentUserId => Actor.UserId;

    public IEnumerable<Role> GrantableRoles =>
        Enum.GetValues<Role>().Where(r => r != Role.SystemAdministrator || Actor.Has(Permission.ManageAllAccounts));

    /// <summary>A field of one account's row: each row's forms have their own error place.</summary>
    public static string RowField(Guid id, string field) => $"u-{id:N}-{field}";

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostAsync() => Act(async () =>
    {
        var created = await services.GetRequiredService<CreateUser>().HandleAsync(new CreateUserRequest(Email, Organisation, Roles), Actor);
        IssuedLink = Links.Welcome(settings, created.SignInToken);
        Email = null;
        Roles = [];
        return null;
    });

    public async Task<IActionResult> OnPostResetAsync()
    {
        // A garbled checkbox binds as false: issuing the link then would silently keep the old authenticator.
        if (ModelState.TryGetValue(nameof(ResetMfa), out var reset) && reset.Errors.Count > 0)
        {
            ModelState.Clear();
            ModelState.AddModelError(RowField(UserId, "reset"), "The choice to reset the authenticator could not be read; nothing was issued. Tick the box or leave it, and send again.");
            await LoadAsync();
            return Page();
        }

        return await Act(async () =>
        {
            IssuedLink = Links.Welcome(settings, await services.GetRequiredService<IssueSignInLink>().HandleAsync(UserId, ResetMfa, Actor));
            return null;
        }, RowField(UserId, "reset"));
    }

    // A missing or garbled choice is refused: read as false, it would deactivate the account.
    public Task<IActionResult> OnPostActiveAsync(bool? active) => Act(async () =>
    {
        if (active is not { } on) throw new DomainException("user", "Choose whether the account is active; nothing was changed.");
        await services.GetRequiredService<SetUserActive>().HandleAsync(UserId, on, Actor);
        return on ? "Reactivated: the account can sign in again with its password and authenticator."
            : "Deactivated: every session of the account has ended, its sign-in links no longer work, and it cannot sign in.";
    }, RowField(UserId, "user"));

    public Task<IActionResult> OnPostRolesAsync()
    {
        RolesRow = UserId;
        return Act(async () =>
        {
            var changed = await services.GetRequiredService<ChangeUserRoles>().HandleAsync(UserId, Roles, Actor);
            return changed ? "Roles changed: they apply from the account's next page, in every session." : "The roles were already these; nothing was changed.";
        }, RowField(UserId, "roles"));
    }

    /// <param name="action">
    /// Returns the notice of a change, which redirects (Post/Redirect/Get); or null where the answer itself is the
    /// result: a new sign-in link is a secret shown once in this response, never carried in a cookie or an address.
    /// A reload of that answer offers to post again, and is harmless: a second account with the same address is
    /// refused, and a second link replaces the first.
    /// </param>
    /// <param name="rowField">Where a refusal shows: the row's form that was sent (null: the new-user form's fields).</param>
    private async Task<IActionResult> Act(Func<Task<string?>> action, string? rowField = null)
    {
        try
        {
            if (await action() is { } notice) return SeeOther(notice);
        }
        catch (DomainException ex)
        {
            if (rowField is null) AddError(ex);
            else ModelState.AddModelError(rowField, ex.Message);
            db.DiscardPendingAudit();
            db.ChangeTracker.Clear();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        try
        {
            Items = await list.HandleAsync(Actor, Find);
        }
        catch (DomainException ex)
        {
            ModelState.AddModelError("find", ex.Message);
            Items = await list.HandleAsync(Actor);
        }

        var all = await orgs.HandleAsync(Actor);
        Organisations = Actor.Has(Permission.ManageAllAccounts) ? all : all.Where(o => o.Id == Actor.OrganisationId).ToList();
    }
}
