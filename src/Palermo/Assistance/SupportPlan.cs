using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.Assistance;

/// <summary>HTCDS <c>spl_Type</c>: the areas a support plan covers (a plan may cover several).</summary>
[Flags]
public enum SupportPlanType
{
    None = 0,
    Education = 1,
    Financial = 2,
    Health = 4,
    LabourExploitationRehabilitation = 8,
    Legal = 16,
    Livelihood = 32,
    RightsBasedTraining = 64,
    SexualExploitationRehabilitation = 128,
    SocialCare = 256,
}

/// <summary>A support plan's content, parsed and checked; the same for the form, the API and an HTCDS row.</summary>
public sealed record SupportPlanFacts(SupportPlanType Types, string? Objectives, string? ActionPlan, DateOnly? PlannedEndDate, DateOnly? ActualEndDate)
{
    public const int TextMaxLength = 4000;

    public void Validate(DateOnly identificationDate, DateTime now)
    {
        if (Types == SupportPlanType.None) throw new DomainException("types", "Choose at least one area the plan covers.");
        if (Objectives is { Length: > TextMaxLength }) throw new DomainException("objectives", $"Must be at most {TextMaxLength} characters.");
        if (ActionPlan is { Length: > TextMaxLength }) throw new DomainException("actionPlan", $"Must be at most {TextMaxLength} characters.");
        if (PlannedEndDate < identificationDate) throw new DomainException("plannedEndDate", "The planned end cannot precede the case's identification date.");
        if (ActualEndDate < identificationDate) throw new DomainException("actualEndDate", "The actual end cannot precede the case's identification date.");
        if (ActualEndDate > DateOnly.FromDateTime(now)) throw new DomainException("actualEndDate", "The actual end date cannot be in the future.");
    }
}

/// <summary>The support plan as shown.</summary>
public sealed record SupportPlanView(SupportPlanType Types, string? Objectives, string? ActionPlan, DateOnly? PlannedEndDate, DateOnly? ActualEndDate, DateTime UpdatedAt, long Version);

/// <summary>
/// The support plan of a case (HTCDS <c>spl_*</c>), one per case. Objectives and action plan describe the person's
/// situation, so they are sealed with the person's key; types and dates stay readable (they identify no one).
/// </summary>
public sealed class SupportPlan : IVersioned
{
    private SupportPlan() { }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public SupportPlanType Types { get; private set; }
    public Sealed? Objectives { get; private set; }
    public Sealed? ActionPlan { get; private set; }
    public DateOnly? PlannedEndDate { get; private set; }
    public DateOnly? ActualEndDate { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public long Version { get; set; }

    public static SupportPlan Create(Case c, SupportPlanFacts facts, PersonCrypto crypto, DateTime now)
    {
        var plan = new SupportPlan { Id = Ids.NewV7(), CaseId = c.Id, CreatedAt = now };
        plan.Update(c, facts, crypto, now);
        return plan;
    }

    public void Update(Case c, SupportPlanFacts facts, PersonCrypto crypto, DateTime now)
    {
        if (c.Id != CaseId) throw new InvalidOperationException("A support plan belongs to one case.");
        if (c.Person.IsErased) throw new DomainException("person", "This person's data was erased.");
        facts.Validate(c.IdentificationDate, now);
        Types = facts.Types;
        Objectives = crypto.SealOptional(c.Person.DataKey, "splObjectives", facts.Objectives?.Trim());
        ActionPlan = crypto.SealOptional(c.Person.DataKey, "splActionPlan", facts.ActionPlan?.Trim());
        PlannedEndDate = facts.PlannedEndDate;
        ActualEndDate = facts.ActualEndDate;
        UpdatedAt = now;
    }

    public SupportPlanView Open(DataKey key, PersonCrypto crypto) =>
        new(Types, crypto.Open(key, "splObjectives", Objectives), crypto.Open(key, "splActionPlan", ActionPlan), PlannedEndDate, ActualEndDate, UpdatedAt, Version);
}
