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

    public const int CodeMaxLength = 40;
    public const int NameMaxLength = 100;

    /// <summary>A new type as an administrator enters it; the code is checked here, its uniqueness by the use case.</summary>
    public static ServiceType Create(string? code, string? name)
    {
        var c = code?.Trim() ?? "";
        if (c.Length == 0) throw new DomainException("code", "A code is required.");
        if (c.Length > CodeMaxLength) throw new DomainException("code", $"The code must be at most {CodeMaxLength} characters.");
        // Codes travel in URLs, the API and HTCDS files, and stay once used: plain, lowercase, hyphen-separated.
        if (!c.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || c.StartsWith('-') || c.EndsWith('-'))
        {
            throw new DomainException("code", "Use lowercase letters, digits and hyphens only (e.g. mental-health).");
        }

        return new ServiceType(c, CheckName(name));
    }

    public void Rename(string? name) => Name = CheckName(name);

    /// <summary>A deactivated type is no longer offered for new services; the records that used it keep it.</summary>
    public void SetActive(bool active) => IsActive = active;

    private static string CheckName(string? name)
    {
        var n = name?.Trim() ?? "";
        if (n.Length == 0) throw new DomainException("name", "A name is required.");
        if (n.Length > NameMaxLength) throw new DomainException("name", $"The name must be at most {NameMaxLength} characters.");
        TextRules.OneLine("name", n);
        return n;
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
        // The structural rules only: the demo generator backdates records (now = the start), so the rules that read the
        // clock against the end date are applied by the use cases through Validate.
        if (end is { } e && e < start) throw new DomainException("endDate", "The end date cannot precede the start date.");
        if (start > DateOnly.FromDateTime(now).AddYears(1)) throw new DomainException("startDate", "The start date is too far in the future.");
        if (outcome?.Trim() is { Length: > OutcomeMaxLength }) throw new DomainException("outcome", $"Must be at most {OutcomeMaxLength} characters.");
        TextRules.Plain("outcome", outcome);
        Id = Ids.NewV7();
        CaseId = caseId;
        ServiceCode = serviceCode;
        ProviderOrganisationId = provider;
        StartDate = start;
        EndDate = end;
        Status = status;
        Outcome = string.IsNullOrWhiteSpace(outcome) ? null : outcome.Trim();
        GrantId = grantId;
        CreatedAt = now;
    }

    /// <summary>
    /// Changes what happened to the service: its status moves forward only (planned → in progress → delivered, or
    /// cancelled before delivery; a delivered or cancelled service keeps its status), and the end date and outcome may
    /// be set or corrected. The start date, service, provider and grant stay as recorded.
    /// </summary>
    public void Update(ServiceStatus status, DateOnly? end, string? outcome, DateTime now)
    {
        if (!Enum.IsDefined(status)) throw new DomainException("status", "Unknown status.");
        if (status != Status && !CanBecome(Status, status))
        {
            throw new DomainException("status", $"A service that is {Describe(Status)} cannot become {Describe(status)}.");
        }

        Validate(StartDate, end, status, outcome, now);
        Status = status;
        EndDate = end;
        Outcome = string.IsNullOrWhiteSpace(outcome) ? null : outcome.Trim();
    }

    /// <summary>The statuses a service may move to from <paramref name="from"/>, itself included.</summary>
    public static bool CanBecome(ServiceStatus from, ServiceStatus to) => from == to || (from, to) switch
    {
        (ServiceStatus.Planned, ServiceStatus.InProgress or ServiceStatus.Delivered or ServiceStatus.Cancelled) => true,
        (ServiceStatus.InProgress, ServiceStatus.Delivered or ServiceStatus.Cancelled) => true,
        _ => false,
    };

    private static string Describe(ServiceStatus s) => s == ServiceStatus.InProgress ? "in progress" : s.ToString().ToLowerInvariant();

    /// <summary>
    /// The rules for a service entered by a user, the same for a new record (<see cref="RecordService"/>) and a change
    /// (<see cref="Update"/>), so an update cannot store what recording would refuse.
    /// </summary>
    public static void Validate(DateOnly start, DateOnly? end, ServiceStatus status, string? outcome, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        if (end is { } e && e < start) throw new DomainException("endDate", "The end date cannot precede the start date.");
        if (end > today.AddYears(1)) throw new DomainException("endDate", "The end date is too far in the future.");
        // A planned or running service may carry its expected end; a finished one ended on a day that has come.
        if (status is ServiceStatus.Delivered or ServiceStatus.Cancelled && end > today)
        {
            throw new DomainException("endDate", "A delivered or cancelled service cannot end in the future.");
        }

        if (outcome?.Trim() is { Length: > OutcomeMaxLength }) throw new DomainException("outcome", $"Must be at most {OutcomeMaxLength} characters.");
        TextRules.Plain("outcome", outcome);
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
