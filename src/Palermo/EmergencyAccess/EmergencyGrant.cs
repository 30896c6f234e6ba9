using System.Text.RegularExpressions;
using Palermo.Accounts;
using Palermo.Cases;
using Palermo.Data;
using Palermo.Privacy;
using Palermo.Referrals;

namespace Palermo.EmergencyAccess;

public enum EmergencyGrantState
{
    Active = 1,
    /// <summary>The user ended it before its time.</summary>
    Ended = 2,
    /// <summary>The owner organisation's data protection officer or a case supervisor ended it.</summary>
    Revoked = 3,
    Expired = 4,
}

public enum EmergencyReview
{
    Justified = 1,
    NotJustified = 2,
}

/// <summary>
/// Break-glass access of one user to another organisation's case, without a referral: read-only, for a fixed time,
/// to the parts the user named, with a reason on the record. It never enables an edit: the write use cases open cases
/// through <see cref="CaseAccess.OpenAsync"/> or their own organisation's rows, which know nothing of it. The reason
/// (and each data protection officer's review note) is sealed with the person's data key, so erasing the person
/// shreds them with everything else about the person. Each organisation's data protection officer reviews it once.
/// </summary>
public sealed partial class EmergencyGrant : IVersioned
{
    public const int ReasonMinLength = 20;
    public const int ReasonMaxLength = 1000;
    public const int NoteMaxLength = 1000;
    /// <summary>Grants a user may open in any 24 hours: enough for a bad night, too few to trawl.</summary>
    public const int DailyLimit = 5;
    public const int DefaultHours = 4;
    /// <summary>The parts ticked unless the user says otherwise: what a frontline officer needs at 2 a.m.</summary>
    public const SharedParts DefaultParts = SharedParts.Identity | SharedParts.CaseDetails | SharedParts.Services;

    private EmergencyGrant() { Reason = null!; }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public Guid OwnerOrganisationId { get; private set; }
    public Guid UserId { get; private set; }
    public Guid AccessorOrganisationId { get; private set; }
    public SharedParts Parts { get; private set; }
    public Sealed Reason { get; private set; }
    public DateTime OpenedAt { get; private set; }
    public DateTime EndsAt { get; private set; }
    /// <summary>When the user ended it early, or it was revoked; null while it runs until <see cref="EndsAt"/>.</summary>
    public DateTime? EndedAt { get; private set; }
    public Guid? RevokedByUserId { get; private set; }
    public bool Revoked { get; private set; }
    public EmergencyReview? OwnerReview { get; private set; }
    public DateTime? OwnerReviewedAt { get; private set; }
    public Guid? OwnerReviewerId { get; private set; }
    public Sealed? OwnerReviewNote { get; private set; }
    public EmergencyReview? AccessorReview { get; private set; }
    public DateTime? AccessorReviewedAt { get; private set; }
    public Guid? AccessorReviewerId { get; private set; }
    public Sealed? AccessorReviewNote { get; private set; }
    public long Version { get; set; }

    public static EmergencyGrant Open(Case c, Actor actor, string reason, SharedParts parts, TimeSpan duration, PersonCrypto crypto, DateTime now)
    {
        if (actor.UserId is not { } user || actor.OrganisationId is not { } org) throw new NotFoundException();
        var text = CheckReason(reason);
        CheckParts(parts);
        if (c.OrganisationId == org) throw new DomainException("reference", OwnCaseMessage);
        if (c.Person.IsErased) throw new DomainException("reference", "This case's person was erased: there is nothing to open.");
        var g = new EmergencyGrant
        {
            Id = Ids.NewV7(), CaseId = c.Id, OwnerOrganisationId = c.OrganisationId, UserId = user, AccessorOrganisationId = org,
            Parts = parts, OpenedAt = now, EndsAt = now + duration,
        };
        g.Reason = crypto.Seal(c.Person.DataKey, g.ReasonField, text);
        return g;
    }

    public const string OwnCaseMessage = "This case belongs to your organisation: open it from Cases. No emergency access is needed.";

    public static string CheckReason(string? reason)
    {
        var t = reason?.Trim();
        if (string.IsNullOrEmpty(t)) throw new DomainException("reason", "Say why you need this case now: the data protection officers read it.");
        if (t.Length < ReasonMinLength) throw new DomainException("reason", $"Give the reason in at least {ReasonMinLength} characters: what happened and why it cannot wait.");
        if (t.Length > ReasonMaxLength) throw new DomainException("reason", $"The reason can be at most {ReasonMaxLength} characters.");
        TextRules.Plain("reason", t);
        return t;
    }

    public static void CheckParts(SharedParts parts)
    {
        if (parts == SharedParts.None) throw new DomainException("parts", "Tick at least one part of the case you need.");
        if ((parts & ~(SharedParts.Identity | SharedParts.Contacts | SharedParts.CaseDetails | SharedParts.Services)) != 0)
            throw new DomainException("parts", "Choose among Identity, Contacts, CaseDetails and Services.");
    }

    /// <summary>A case reference as printed on the case: PAL-YYYY-NNNNNN.</summary>
    public static string CheckReference(string? reference)
    {
        var r = reference?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(r)) throw new DomainException("reference", "Type the case reference, e.g. PAL-2026-000123.");
        if (!ReferencePattern().IsMatch(r)) throw new DomainException("reference", "A case reference looks like PAL-2026-000123.");
        return r;
    }

    [GeneratedRegex(@"^PAL-\d{4}-\d{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    public EmergencyGrantState StateAt(DateTime now) =>
        Revoked ? EmergencyGrantState.Revoked : EndedAt is not null ? EmergencyGrantState.Ended : EndsAt <= now ? EmergencyGrantState.Expired : EmergencyGrantState.Active;

    public bool IsActive(DateTime now) => StateAt(now) == EmergencyGrantState.Active;

    /// <summary>The user ends their own access early.</summary>
    public void End(DateTime now)
    {
        if (!IsActive(now)) throw new DomainException("state", "This emergency access has already ended.");
        EndedAt = now;
    }

    /// <summary>The owner organisation's data protection officer or a case supervisor ends it at once.</summary>
    public void Revoke(Guid by, DateTime now)
    {
        if (!IsActive(now)) throw new DomainException("state", "This emergency access has already ended.");
        EndedAt = now;
        Revoked = true;
        RevokedByUserId = by;
    }

    /// <summary>One data protection officer's verdict, once per organisation side; the note is sealed like the reason.</summary>
    public void Review(Guid organisation, Guid reviewer, EmergencyReview verdict, string? note, DataKey key, PersonCrypto crypto, DateTime now)
    {
        var n = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (n is { Length: > NoteMaxLength }) throw new DomainException("note", $"The note can be at most {NoteMaxLength} characters.");
        TextRules.Plain("note", n);
        var owner = organisation == OwnerOrganisationId;
        if (!owner && organisation != AccessorOrganisationId) throw new NotFoundException();
        if ((owner ? OwnerReviewedAt : AccessorReviewedAt) is not null) throw new DomainException("verdict", "Your organisation has already reviewed this emergency access.");
        // Sealed only while the person's key exists: after erasure there is no key, and the note is not kept.
        var sealedNote = n is null || key.IsDestroyed ? null : crypto.Seal(key, NoteField(owner), n);
        if (owner)
        {
            OwnerReview = verdict; OwnerReviewedAt = now; OwnerReviewerId = reviewer; OwnerReviewNote = sealedNote;
        }
        else
        {
            AccessorReview = verdict; AccessorReviewedAt = now; AccessorReviewerId = reviewer; AccessorReviewNote = sealedNote;
        }
    }

    public string? OpenReason(DataKey key, PersonCrypto crypto) => crypto.Open(key, ReasonField, Reason);

    public string? OpenNote(bool owner, DataKey key, PersonCrypto crypto) => crypto.Open(key, NoteField(owner), owner ? OwnerReviewNote : AccessorReviewNote);

    // The grant's id is part of the associated data, so a ciphertext cannot be moved to another grant of the same person.
    private string ReasonField => "emergency-reason:" + Id.ToString("N");

    private string NoteField(bool owner) => (owner ? "emergency-owner-note:" : "emergency-accessor-note:") + Id.ToString("N");

    /// <summary>The audit purpose of every read under the grant: its id, never the reason.</summary>
    public string AuditPurpose => "emergency access " + Id.ToString("N");
}
