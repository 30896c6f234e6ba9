using Palermo.Data;

namespace Palermo.Assistance;

public enum ServiceStatus
{
    Planned = 1,
    InProgress = 2,
    Delivered = 3,
    Cancelled = 4,
}

/// <summary>A service type of the catalogue, configurable by an administrator (codes are stable, names editable).</summary>
public sealed class ServiceType
{
    private ServiceType() { Code = ""; Name = ""; }

    public ServiceType(string code, string name)
    {
        Code = code;
        Name = name;
    }

    public string Code { get; private set; }
    public string Name { get; private set; }
    public bool IsActive { get; private set; } = true;

    public static readonly (string Code, string Name)[] Defaults =
    [
        ("shelter", "Shelter"), ("food", "Food"), ("medical", "Medical care"), ("psychosocial", "Psychosocial support"),
        ("legal-aid", "Legal aid"), ("vocational-training", "Vocational training"), ("education", "Education"),
        ("interpretation", "Interpretation"), ("financial", "Financial assistance"), ("return", "Return / repatriation"),
        ("reintegration", "Reintegration"), ("reflection-period", "Recovery and reflection period"), ("residence-permit", "Residence permit"),
    ];
}

/// <summary>A service given to the person of a case, by a provider organisation, optionally paid by a grant.</summary>
public sealed class ServiceRecord : IVersioned
{
    public const int OutcomeMaxLength = 1000;

    private ServiceRecord() { ServiceCode = ""; }

    public ServiceRecord(Guid caseId, string serviceCode, Guid provider, DateOnly start, DateOnly? end, ServiceStatus status, string? outcome, Guid? grantId, DateTime now)
    {
        if (end is { } e && e < start) throw new DomainException("endDate", "The end date cannot precede the start date.");
        if (start > DateOnly.FromDateTime(now).AddYears(1)) throw new DomainException("startDate", "The start date is too far in the future.");
        if (outcome is { Length: > OutcomeMaxLength }) throw new DomainException("outcome", $"Must be at most {OutcomeMaxLength} characters.");
        Id = Ids.NewV7();
        CaseId = caseId;
        ServiceCode = serviceCode;
        ProviderOrganisationId = provider;
        StartDate = start;
        EndDate = end;
        Status = status;
        Outcome = outcome?.Trim();
        GrantId = grantId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string ServiceCode { get; private set; }
    public Guid ProviderOrganisationId { get; private set; }
    public DateOnly StartDate { get; private set; }
    public DateOnly? EndDate { get; private set; }
    public ServiceStatus Status { get; private set; }
    /// <summary>Kept short and factual; never a narrative about the person (that belongs in sealed case notes).</summary>
    public string? Outcome { get; private set; }
    public Guid? GrantId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public long Version { get; set; }

    /// <summary>After the person of the case was erased: the free-text outcome (it may name someone) becomes the
    /// erasure marker; the service, dates and status stay for the counts.</summary>
    public void RedactAfterErasure()
    {
        if (Outcome is not null) Outcome = Privacy.Erasure.Marker;
    }
}
