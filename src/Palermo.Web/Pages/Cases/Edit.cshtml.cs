using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Web.Infrastructure;

namespace Palermo.Web.Pages.Cases;

/// <summary>
/// Edits the facts of a case (not the person's identity). The form carries the version it was read at; if someone
/// saved in between, nothing is overwritten and the form is shown again with the user's values and a clear message.
/// </summary>
[Authorize(Policy = "perm:" + nameof(Permission.EditCases))]
public sealed class EditModel(GetCase get, UpdateCaseFacts update, PalermoDbContext db) : PalermoPage
{
    [BindProperty] public CaseInput Input { get; set; } = new();
    [BindProperty] public long Version { get; set; }
    [BindProperty] public List<string> EventTypes { get; set; } = [];
    [BindProperty] public List<string> EventCountries { get; set; } = [];
    [BindProperty] public List<string> EventDates { get; set; } = [];
    [BindProperty] public List<string> EventCities { get; set; } = [];
    public string Reference { get; private set; } = "";
    public bool HasBirthDate { get; private set; }
    public bool Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var c = await LoadAsync(id);
        if (c is null) return NotFound();
        Version = c.Version;
        Input = new CaseInput
        {
            TraffickingStatus = c.TraffickingStatus.ToString(), StatusDecidedBy = c.StatusDecidedBy?.ToString(),
            Exploitation = Vocabulary.Names(c.Exploitation).ToList(), MethodsOfControl = Vocabulary.Names(c.MethodsOfControl).ToList(),
            LabourIndustry = c.LabourIndustry?.ToString(), SexExploitation = Vocabulary.Names(c.SexExploitation).ToList(),
            RelationshipToTrafficker = c.RelationshipToTrafficker?.ToString(), MethodsOfRecruitment = Vocabulary.Names(c.MethodsOfRecruitment).ToList(),
            CountryOfDetection = c.CountryOfDetection, IdentificationDate = c.IdentificationDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EstimatedAge = HasBirthDate ? null : c.AgeAtIdentification?.ToString(CultureInfo.InvariantCulture),
            ChildAtExploitation = c.ChildAtExploitation ? "true" : null, Guardian = c.Guardian, Risk = c.Risk.ToString(),
            ReferringOrganisation = c.IncomingReferral?.Organisation,
            IncomingReferralDate = c.IncomingReferral?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ReasonForIncomingReferral = c.IncomingReferral?.Reason?.ToString(),
            PerpetratorRoles = Vocabulary.Names(c.PerpetratorRoles).ToList(),
            PerpetratorFirstName = c.Perpetrator?.FirstName, PerpetratorSecondName = c.Perpetrator?.SecondName,
            PerpetratorGender = c.Perpetrator?.Gender?.ToString(),
            PerpetratorBirthDate = c.Perpetrator?.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            PerpetratorAge = c.Perpetrator?.Age?.ToString(CultureInfo.InvariantCulture),
            PerpetratorCitizenships = c.Perpetrator?.Citizenships,
        };
        EventTypes = c.Events.Select(e => e.Type.ToString()).ToList();
        EventCountries = c.Events.Select(e => e.Country).ToList();
        EventDates = c.Events.Select(e => e.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "").ToList();
        EventCities = c.Events.Select(e => e.City ?? "").ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        // A row with only a city is kept (and refused for its missing country) rather than silently dropped.
        var events = RegisterModel.EventRows(EventTypes, EventCountries, EventDates, EventCities);
        try
        {
            if (!PostedVersionIsReadable()) throw new ConflictException(UnreadableVersion);
            await update.HandleAsync(id, Version, Input with { Events = events }, Actor);
            return Redirect($"/Cases/View/{id}");
        }
        catch (DomainException ex)
        {
            AddError(ex);
        }
        catch (ConflictException ex)
        {
            Conflict = true;
            ModelState.AddModelError("", ex.Message);
        }

        db.DiscardPendingAudit();
        db.ChangeTracker.Clear();
        // Keep what the user typed; a conflict shows the current version so saving again is a deliberate choice.
        var c = await LoadAsync(id);
        if (c is null) return NotFound();
        if (Conflict)
        {
            ModelState.Remove(nameof(Version));
            Version = c.Version;
        }

        return Page();
    }

    private async Task<CaseView?> LoadAsync(Guid id)
    {
        try
        {
            var c = await get.HandleAsync(id, Actor, "edit case facts");
            if (!c.IsOwner || c.PersonErased) return null;
            Reference = c.Reference;
            HasBirthDate = c.Person?.BirthDate is not null;
            return c;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
