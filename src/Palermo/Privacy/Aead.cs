using System.Security.Cryptography;
using System.Text;

namespace Palermo.Privacy;

/// <summary>
/// AES-256-GCM with a versioned envelope: <c>[version=1][nonce 12][tag 16][ciphertext]</c>.
/// The associated data binds a ciphertext to its place (field and owner), so it cannot be moved elsewhere.
/// </summary>
public static class Aead
{
    public const byte Version1 = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int Header = 1 + NonceSize + TagSize;

    public static byte[] Seal(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string associatedData)
    {
        using var gcm = Cipher(key);
        return Seal(gcm, plaintext, associatedData);
    }

    /// <summary>An AES-GCM instance for <see cref="Seal(AesGcm, ReadOnlySpan{byte}, string)"/>; one per thread (not thread-safe).</summary>
    public static AesGcm Cipher(ReadOnlySpan<byte> key) => new(key, TagSize);

    /// <summary>
    /// Seals with a prepared cipher: sealing many fields under one key (a person's, or the master key for many data
    /// keys) then expands the key once instead of per field. Every call still draws a fresh random nonce.
    /// </summary>
    public static byte[] Seal(AesGcm gcm, ReadOnlySpan<byte> plaintext, string associatedData) =>
        Seal(gcm, plaintext, Encoding.UTF8.GetBytes(associatedData), null);

    /// <summary>
    /// As <see cref="Seal(AesGcm, ReadOnlySpan{byte}, string)"/>, with the associated data already encoded and the
    /// nonce drawn from <paramref name="random"/> (the same generator, buffered) when given.
    /// </summary>
    public static byte[] Seal(AesGcm gcm, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, RandomPool? random)
    {
        var output = new byte[Header + plaintext.Length];
        output[0] = Version1;
        var nonce = output.AsSpan(1, NonceSize);
        if (random is null) RandomNumberGenerator.Fill(nonce);
        else random.Fill(nonce);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(Header), output.AsSpan(1 + NonceSize, TagSize), associatedData);
        return output;
    }

    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> envelope, string associatedData)
    {
        using var gcm = Cipher(key);
        return Open(gcm, envelope, associatedData);
    }

    public static byte[] Open(AesGcm gcm, ReadOnlySpan<byte> envelope, string associatedData)
    {
        if (envelope.Length < Header || envelope[0] != Version1)
        {
            throw new CryptographicException("Unknown ciphertext format.");
        }

        var plaintext = new byte[envelope.Length - Header];
        gcm.Decrypt(envelope.Slice(1, NonceSize), envelope[Header..], envelope.Slice(1 + NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }
}
