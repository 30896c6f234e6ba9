using System.Security.Cryptography;
using Palermo.Data;
using Palermo.Privacy;

namespace Palermo.CrossAgency;

public enum LinkageProjectState
{
    /// <summary>Organisations may submit encodings.</summary>
    Open = 1,
    /// <summary>Linked at least once; submissions are frozen so the stored result matches its inputs.</summary>
    Linked = 2,
}

/// <summary>
/// One cross-agency linkage exercise run by the national coordinator. Its shared secret is generated here and kept
/// only sealed with the master key: nobody ever sees it, so no person outside the server can run a dictionary
/// attack on the encodings (docs/linkage.md, "Linkage inside Palermo"). A fresh secret per project keeps
/// encodings of different projects unlinkable to each other.
/// </summary>
public sealed class LinkageProject : IVersioned
{
    public const int NameMaxLength = 200;
    private const int SecretBytes = 32;

    private LinkageProject() { Name = ""; SealedSecret = []; MasterKeyId = ""; }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public Guid? CreatedByUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public LinkageProjectState State { get; private set; }
    public byte[] SealedSecret { get; private set; }
    public string MasterKeyId { get; private set; }
    public DateTime? LinkedAt { get; private set; }
    /// <summary>Set while a run waits for or is executed by the background job (docs/linkage.md, large runs).</summary>
    public DateTime? RunQueuedAt { get; private set; }
    public Guid? RunQueuedByUserId { get; private set; }
    /// <summary>What the background run is doing ("Queued", "Linking 3 of 6 pairs", ...), for the project page.</summary>
    public string? RunStage { get; private set; }
    public int RunPercent { get; private set; }
    /// <summary>Why the last background run failed (a field message, never personal data); cleared by the next run.</summary>
    public string? RunError { get; private set; }
    public long Version { get; set; }

    public static LinkageProject Create(string? name, Guid? createdBy, MasterKeyRing ring, DateTime now)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw new DomainException("name", "Give the project a name.");
        if (trimmed.Length > NameMaxLength) throw new DomainException("name", $"Must be at most {NameMaxLength} characters.");
        TextRules.OneLine("name", trimmed);
        var p = new LinkageProject { Id = Guid.CreateVersion7(), Name = trimmed, CreatedByUserId = createdBy, CreatedAt = now, State = LinkageProjectState.Open };
        var secret = RandomNumberGenerator.GetBytes(SecretBytes);
        p.MasterKeyId = ring.CurrentId;
        p.SealedSecret = Aead.Seal(ring.Current, secret, p.Aad);
        CryptographicOperations.ZeroMemory(secret);
        return p;
    }

    /// <summary>The plain secret, for encoding in memory only; the caller wipes it when done.</summary>
    public byte[] OpenSecret(MasterKeyRing ring) => Aead.Open(ring.Get(MasterKeyId), SealedSecret, Aad);

    /// <summary>Re-seals the secret under the ring's current master key (key rotation), so old key files can be retired.</summary>
    public void Rewrap(MasterKeyRing ring)
    {
        if (MasterKeyId == ring.CurrentId) return;
        var secret = OpenSecret(ring);
        MasterKeyId = ring.CurrentId;
        SealedSecret = Aead.Seal(ring.Current, secret, Aad);
        CryptographicOperations.ZeroMemory(secret);
    }

    public void EnsureOpenForSubmissions()
    {
        if (State != LinkageProjectState.Open) throw new DomainException("project", "This project was already linked; submissions are closed.");
    }

    public const int RunStageMaxLength = 64;
    public const int RunErrorMaxLength = 300;

    public bool RunQueued => RunQueuedAt is not null;

    public void QueueRun(Guid? by, DateTime now)
    {
        if (RunQueued) throw new DomainException("project", "A run of this project is already queued or running.");
        RunQueuedAt = now;
        RunQueuedByUserId = by;
        RunStage = "Queued";
        RunPercent = 0;
        RunError = null;
    }

    /// <summary>The background run ended (linked or failed): the project can be run again.</summary>
    public void EndRun(string? error)
    {
        RunQueuedAt = null;
        RunStage = null;
        RunPercent = 0;
        RunError = error is null ? null : error.Length > RunErrorMaxLength ? error[..RunErrorMaxLength] : error;
    }

    public void MarkLinked(DateTime now)
    {
        State = LinkageProjectState.Linked;
        LinkedAt = now;
    }

    private string Aad => "linkage-project:" + Id.ToString("N");
}
