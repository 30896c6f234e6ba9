using System.Net.Mail;

namespace Palermo.Accounts;

public static class EmailAddress
{
    /// <summary>Returns the trimmed address or throws a field error naming <paramref name="field"/>.</summary>
    public static string Validate(string? email, string field = "email")
    {
        var e = email?.Trim();
        if (string.IsNullOrEmpty(e)) throw new DomainException(field, "An e-mail address is required.");
        if (e.Length > PalermoUser.EmailMaxLength) throw new DomainException(field, $"The e-mail address must be at most {PalermoUser.EmailMaxLength} characters.");
        if (!MailAddress.TryCreate(e, out var parsed) || parsed.Address != e || !e.Contains('.', StringComparison.Ordinal))
        {
            throw new DomainException(field, "This is not a valid e-mail address.");
        }

        return e;
    }
}
