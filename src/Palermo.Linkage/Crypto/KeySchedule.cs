using System.Security.Cryptography;
using System.Text;

namespace Palermo.Linkage.Crypto;

/// <summary>
/// Expands the shared project secret with HKDF-SHA256 into independent keys, one per purpose, so that a key
/// learnt for one field says nothing about another, and the id pseudonyms use yet another key.
/// </summary>
public static class KeySchedule
{
    public const int MinimumSecretBytes = 16;

    private static readonly byte[] Salt = "palermo-linkage-v1"u8.ToArray();

    public static byte[] Derive(ReadOnlySpan<byte> secret, string purpose)
    {
        if (secret.Length < MinimumSecretBytes)
        {
            throw new LinkageException($"The linkage secret must be at least {MinimumSecretBytes} bytes.");
        }

        byte[] key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, key, Salt, Encoding.UTF8.GetBytes(purpose));
        return key;
    }

    public static byte[] FieldKey(ReadOnlySpan<byte> secret, string keyGroup) => Derive(secret, "field:" + keyGroup);

    public static byte[] PermutationKey(ReadOnlySpan<byte> secret) => Derive(secret, "hardening:permutation");

    public static byte[] PseudonymKey(ReadOnlySpan<byte> secret) => Derive(secret, "pseudonymous-id");

    /// <summary>HMAC-SHA256 of a record id, hex: lets the owner find its record again; reveals nothing to others.</summary>
    public static string Pseudonym(byte[] pseudonymKey, string id) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(pseudonymKey, Encoding.UTF8.GetBytes(id)));
}
