using System.Security.Cryptography;
using System.Text;

namespace Palermo.Audit;

/// <summary>
/// One line of the tamper-evident log. Holds ids and codes only, never personal data.
/// Each entry's hash covers its fields and the previous entry's hash, so changing, removing, reordering or
/// inserting an entry breaks the chain; signed checkpoints kept outside the database catch a rewrite of the whole chain.
/// </summary>
public sealed class AuditEntry
{
    public const int PurposeMaxLength = 200;
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private AuditEntry() { PrevHash = ""; Hash = ""; }

    internal AuditEntry(long sequence, DateTime at, PendingAudit p, string prevHash)
    {
        Sequence = sequence;
        At = Truncate(at);
        ActorId = p.ActorId;
        OrganisationId = p.OrganisationId;
        Event = p.Event;
        EntityType = p.EntityType;
        EntityId = p.EntityId;
        Purpose = p.Purpose;
        ClientAddress = p.ClientAddress;
        PrevHash = prevHash;
        Hash = ComputeHash();
    }

    public long Sequence { get; private set; }
    public DateTime At { get; private set; }
    public Guid? ActorId { get; private set; }
    public Guid? OrganisationId { get; private set; }
    public AuditEvent Event { get; private set; }
    public string? EntityType { get; private set; }
    public string? EntityId { get; private set; }
    public string? Purpose { get; private set; }
    public string? ClientAddress { get; private set; }
    public string PrevHash { get; private set; }
    public string Hash { get; private set; }

    /// <summary>The hash as it should be; differs from <see cref="Hash"/> when a stored field was changed.</summary>
    public string ComputeHash()
    {
        // Length-prefixed fields: no separator trick can make two different entries hash alike.
        var sb = new StringBuilder(256);
        void Put(string? s) => sb.Append(s?.Length ?? -1).Append(':').Append(s).Append(';');
        Put(Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Put(At.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Put(ActorId?.ToString());
        Put(OrganisationId?.ToString());
        Put(((int)Event).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Put(EntityType);
        Put(EntityId);
        Put(Purpose);
        Put(ClientAddress);
        Put(PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>PostgreSQL keeps microseconds; cut to them so the hash survives a round trip on both providers.</summary>
    private static DateTime Truncate(DateTime t) =>
        new(t.Ticks - (t.Ticks % 10), DateTimeKind.Utc);
}

/// <summary>An audit record waiting for the transaction that writes it.</summary>
public sealed record PendingAudit(
    AuditEvent Event, Guid? ActorId, Guid? OrganisationId, string? EntityType, string? EntityId, string? Purpose, string? ClientAddress);

/// <summary>The single row that holds the chain's head; locking it serialises writers so the sequence has no gaps.</summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;
    public long Sequence { get; set; }
    public string Hash { get; set; } = AuditEntry.GenesisHash;
}
