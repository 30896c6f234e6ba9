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
    public string Compute(string purpose, string value)
    {
        var normalised = Normalise(value);
        var data = Encoding.UTF8.GetBytes(purpose + "\0" + normalised);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, data));
    }

    /// <summary>Case-, accent- and punctuation-insensitive form, so "Müller-Ö" and "MULLER O" index alike.</summary>
    public static string Normalise(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) sb.Append(char.ToUpperInvariant(c));
        }

        return sb.ToString();
    }
}
