using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Organisations;
using Palermo.Web.Accounts;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Admin;

[Authorize(Policy = Policies.ManageAccounts)]
public sealed class UsersModel(ListUsers list, ListOrganisations orgs, CreateUser create, IssueSignInLink issue, PalermoSettings settings) : PalermoPage
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Organisation { get; set; }
    [BindProperty] public List<string> Roles { get; set; } = [];
    [BindProperty] public Guid UserId { get; set; }
    [BindProperty] public bool ResetMfa { get; set; }
    public string? IssuedLink { get; private set; }
    public IReadOnlyList<UserSummary> Items { get; private set; } = [];
    public IReadOnlyList<OrganisationSummary> Organisations { get; private set; } = [];

    public IEnumerable<Role> GrantableRoles =>
        Enum.GetValues<Role>().Where(r => r != Role.SystemAdministrator || Actor.Has(Permission.ManageAllAccounts));

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var created = await create.HandleAsync(new CreateUserRequest(Email, Organisation, Roles), Actor);
            IssuedLink = Links.Welcome(settings, created.SignInToken);
            Email = null;
            Roles = [];
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync()
    {
        // A garbled checkbox binds as false: issuing the link then would silently keep the old authenticator.
        if (ModelState.TryGetValue(nameof(ResetMfa), out var reset) && reset.Errors.Count > 0)
        {
            ModelState.Clear();
            ModelState.AddModelError("", "The choice to reset the authenticator could not be read; nothing was issued. Tick the box or leave it, and send again.");
            await LoadAsync();
            return Page();
        }

        IssuedLink = Links.Welcome(settings, await issue.HandleAsync(UserId, ResetMfa, Actor));
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Items = await list.HandleAsync(Actor);
        var all = await orgs.HandleAsync(Actor);
        Organisations = Actor.Has(Permission.ManageAllAccounts) ? all : all.Where(o => o.Id == Actor.OrganisationId).ToList();
    }
}
