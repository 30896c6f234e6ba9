using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Palermo.Privacy;

/// <summary>
/// HMAC-SHA256 blind indexes: exact-match lookup (a document number, a case reference) without storing the value.
/// The key is separate from the master key so that master-key rotation does not invalidate every index.
/// </summary>
public sealed class BlindIndex
{
    private readonly byte[] _key;

    public BlindIndex(byte[] key)
    {
        if (key.Length < 32) throw new CryptographicException("The blind-index key must be at least 32 bytes.");
        _key = key;
    }

    public static BlindIndex LoadOrCreate(KeyFiles files)
    {
        files.EnsureDirectory();
        if (!File.Exists(files.BlindIndexKeyPath))
        {
            KeyFiles.WriteSecret(files.BlindIndexKeyPath, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        return new BlindIndex(Convert.FromBase64String(File.ReadAllText(files.BlindIndexKeyPath).Trim()));
    }

    /// <summary>A key for another keyed use of the same secret (e.g. duplicate-detection encodings), via HKDF.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, salt: [], info: Encoding.UTF8.GetBytes("palermo:" + purpose));

    /// <summary>The index of a value for one purpose (e.g. "doc-number"); values are normalised first.</summary>
    public string Compute(string purpose, string value) => Compute(purpose, value, null);

    /// <summary>The index of <paramref name="first"/> and <paramref name="second"/> joined by a space (a full name).</summary>
    public string Compute(string purpose, string first, string? second)
    {
        // Everything but the result on the stack (or a pooled buffer for a long value): an import computes two per row.
        var decomposed = first.Normalize(NormalizationForm.FormD);
        var decomposedSecond = second?.Normalize(NormalizationForm.FormD);
        var maxChars = decomposed.Length + (decomposedSecond?.Length ?? 0);
        char[]? rentedChars = null;
        var chars = maxChars <= 256 ? stackalloc char[256] : (rentedChars = ArrayPool<char>.Shared.Rent(maxChars));
        var length = Normalise(decomposed, chars);
        if (decomposedSecond is not null) length += Normalise(decomposedSecond, chars[length..]);
        var maxBytes = Encoding.UTF8.GetMaxByteCount(purpose.Length + 1 + length);
        byte[]? rentedBytes = null;
        var data = maxBytes <= 1024 ? stackalloc byte[1024] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var n = Encoding.UTF8.GetBytes(purpose, data);
            data[n++] = 0;
            n += Encoding.UTF8.GetBytes(chars[..length], data[n..]);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, data[..n], mac);
            return Convert.ToBase64String(mac);
        }
        finally
        {
            // The normalised value is personal data: wipe it from the shared pools.
            if (rentedChars is not null) { chars.Clear(); ArrayPool<char>.Shared.Return(rentedChars); }
            if (rentedBytes is not null) { data.Clear(); ArrayPool<byte>.Shared.Return(rentedBytes); }
        }
    }

    /// <summary>
    /// Writes the letters and digits of an already decomposed (FormD) value, upper-cased and without marks: the case-,
    /// accent- and punctuation-insensitive form, so "Müller-Ö" and "MULLER O" index alike.
    /// </summary>
    private static int Normalise(string decomposed, Span<char> destination)
    {
        var length = 0;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) destination[length++] = char.ToUpperInvariant(c);
        }

        return length;
    }
}
