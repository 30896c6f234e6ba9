using System.Security.Cryptography;
using System.Text;

namespace Palermo.Accounts;

public enum OneTimeLinkPurpose
{
    /// <summary>Creates the first system administrator; exists only while there is no user.</summary>
    Setup = 1,
    /// <summary>Lets a new or reset user choose a password and enrol MFA.</summary>
    SetPassword = 2,
}

/// <summary>
/// A single-use link. Only a SHA-256 of the token is stored, so a copy of the database cannot be used to sign in.
/// </summary>
public sealed class OneTimeLink
{
    private OneTimeLink() { TokenHash = ""; }

    private OneTimeLink(OneTimeLinkPurpose purpose, Guid? userId, string tokenHash, DateTime expiresAt)
    {
        Id = Guid.CreateVersion7();
        Purpose = purpose;
        UserId = userId;
        TokenHash = tokenHash;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }
    public OneTimeLinkPurpose Purpose { get; private set; }
    public Guid? UserId { get; private set; }
    public string TokenHash { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? UsedAt { get; private set; }

    /// <summary>Creates a link and returns the token, which is shown once and never stored.</summary>
    public static (OneTimeLink Link, string Token) Create(OneTimeLinkPurpose purpose, Guid? userId, DateTime now, TimeSpan validFor)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new OneTimeLink(purpose, userId, Hash(token), now + validFor), token);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool IsUsable(DateTime now) => UsedAt is null && now < ExpiresAt;

    public void Use(DateTime now)
    {
        if (!IsUsable(now))
        {
            throw new DomainException("link", "This link has expired or has already been used.");
        }

        UsedAt = now;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
