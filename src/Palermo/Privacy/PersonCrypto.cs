using System.Security.Cryptography;
using System.Text;

namespace Palermo.Privacy;

/// <summary>
/// Seals and opens personal fields with the owner's data key. Scoped to one unit of work: unwrapped keys are kept
/// only for its lifetime and wiped when it ends.
/// </summary>
public sealed class PersonCrypto(MasterKeyRing ring) : IDisposable
{
    private readonly Dictionary<Guid, byte[]> _open = [];
    // Ciphers keyed once per data key (and the master key) for this unit of work: the key expansion is most of the
    // cost of sealing a short field. Disposed, with the keys they hold, when the unit of work ends.
    private const int MaxCiphers = 4096;
    private readonly Dictionary<Guid, AesGcm> _ciphers = [];
    private AesGcm? _master;
    private readonly RandomPool _random = new();
    private string? _masterId;

    public MasterKeyRing Ring => ring;

    public DataKey NewKey(DateTime now)
    {
        if (_masterId != ring.CurrentId)
        {
            _master?.Dispose();
            _master = Aead.Cipher(ring.Current);
            _masterId = ring.CurrentId;
        }

        var (key, plain) = DataKey.Create(ring, _master, _random, now);
        _open[key.Id] = plain;
        return key;
    }

    public Sealed Seal(DataKey key, string field, string value)
    {
        var cipher = CipherOf(key);
        // The field's plaintext and associated data are encoded on the stack: nothing extra on the heap per field.
        Span<byte> aad = stackalloc byte[32 + 1 + Encoding.UTF8.GetMaxByteCount(field.Length)];
        key.Id.TryFormat(aad, out _, "N");
        aad[32] = (byte)':';
        var aadLength = 33 + Encoding.UTF8.GetBytes(field, aad[33..]);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> plain = max <= 512 ? stackalloc byte[512] : new byte[max];
        var length = Encoding.UTF8.GetBytes(value, plain);
        var envelope = Aead.Seal(cipher, plain[..length], aad[..aadLength], _random);
        CryptographicOperations.ZeroMemory(plain[..length]);
        return new Sealed(envelope);
    }

    public Sealed? SealOptional(DataKey key, string field, string? value) =>
        string.IsNullOrEmpty(value) ? null : Seal(key, field, value);

    /// <summary>Seals binary content (an attachment) the same way as a text field.</summary>
    public Sealed SealBytes(DataKey key, string field, ReadOnlySpan<byte> value) => new(Aead.Seal(KeyOf(key), value, Aad(key, field)));

    /// <summary>Returns null when the key was destroyed: the person was erased.</summary>
    public byte[]? OpenBytes(DataKey key, string field, Sealed value) =>
        key.IsDestroyed ? null : Aead.Open(KeyOf(key), value.Envelope, Aad(key, field));

    /// <summary>Returns null when the key was destroyed: the person was erased.</summary>
    public string? Open(DataKey key, string field, Sealed? value)
    {
        if (value is null || key.IsDestroyed) return null;
        return Encoding.UTF8.GetString(Aead.Open(CipherOf(key), value.Envelope, Aad(key, field)));
    }

    public void Dispose()
    {
        foreach (var k in _open.Values) CryptographicOperations.ZeroMemory(k);
        _open.Clear();
        foreach (var c in _ciphers.Values) c.Dispose();
        _ciphers.Clear();
        _master?.Dispose();
        _master = null;
        _masterId = null;
        _random.Dispose();
    }

    private AesGcm CipherOf(DataKey key)
    {
        if (key.IsDestroyed) throw new CryptographicException("This data key was destroyed (erasure).");
        if (!_ciphers.TryGetValue(key.Id, out var cipher))
        {
            // Bounded: a long export touches every person once, and each cipher holds native memory.
            if (_ciphers.Count >= MaxCiphers)
            {
                foreach (var c in _ciphers.Values) c.Dispose();
                _ciphers.Clear();
            }

            cipher = Aead.Cipher(KeyOf(key));
            _ciphers[key.Id] = cipher;
        }

        return cipher;
    }

    private byte[] KeyOf(DataKey key)
    {
        if (!_open.TryGetValue(key.Id, out var plain))
        {
            plain = key.Unwrap(ring);
            _open[key.Id] = plain;
        }

        return plain;
    }

    private static string Aad(DataKey key, string field) => key.Id.ToString("N") + ":" + field;
}
