using System.Security.Cryptography;
using Palermo.Data;

namespace Palermo.Privacy;

/// <summary>
/// A data subject's own AES-256 key, stored wrapped by a master key. Destroying it (crypto-shredding) makes every
/// field sealed with it unreadable, in the database and in every backup, without touching those rows.
/// </summary>
public sealed class DataKey
{
    private DataKey() { MasterKeyId = ""; Wrapped = []; }

    public Guid Id { get; private set; }
    public string MasterKeyId { get; private set; }
    public byte[] Wrapped { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? DestroyedAt { get; private set; }

    public bool IsDestroyed => DestroyedAt is not null;

    public static (DataKey Key, byte[] Plain) Create(MasterKeyRing ring, DateTime now) => Create(ring, null, now);

    /// <summary>With <paramref name="master"/>, a cipher already keyed with the ring's current master key (bulk creation).</summary>
    public static (DataKey Key, byte[] Plain) Create(MasterKeyRing ring, AesGcm? master, DateTime now) => Create(ring, master, null, now);

    /// <summary>With <paramref name="random"/>, the key and the wrapping nonce come from that (buffered) generator.</summary>
    public static (DataKey Key, byte[] Plain) Create(MasterKeyRing ring, AesGcm? master, RandomPool? random, DateTime now)
    {
        var plain = random?.GetBytes(32) ?? RandomNumberGenerator.GetBytes(32);
        var key = new DataKey { Id = Ids.NewV7(), CreatedAt = now, MasterKeyId = ring.CurrentId };
        key.Wrapped = master is null ? Aead.Seal(ring.Current, plain, key.Aad) : Aead.Seal(master, plain, AadBytes(key.Id), random);
        return (key, plain);
    }

    public byte[] Unwrap(MasterKeyRing ring)
    {
        if (IsDestroyed) throw new CryptographicException("This data key was destroyed (erasure).");
        return Aead.Open(ring.Get(MasterKeyId), Wrapped, Aad);
    }

    /// <summary>Re-wraps under the ring's current master key (key rotation).</summary>
    public void Rewrap(MasterKeyRing ring)
    {
        if (IsDestroyed) return;
        var plain = Unwrap(ring);
        WrapWith(ring, plain);
        CryptographicOperations.ZeroMemory(plain);
    }

    public void Destroy(DateTime now)
    {
        Wrapped = [];
        DestroyedAt = now;
    }

    private void WrapWith(MasterKeyRing ring, byte[] plain)
    {
        MasterKeyId = ring.CurrentId;
        Wrapped = Aead.Seal(ring.Current, plain, Aad);
    }

    private string Aad => "datakey:" + Id.ToString("N");

    /// <summary><see cref="Aad"/> as UTF-8 bytes without the intermediate string.</summary>
    private static byte[] AadBytes(Guid id)
    {
        var bytes = new byte[8 + 32];
        "datakey:"u8.CopyTo(bytes);
        id.TryFormat(bytes.AsSpan(8), out _, "N");
        return bytes;
    }
}
