namespace Palermo;

/// <summary>
/// Control characters in typed text: a paste or encoding accident (a form sweep found BEL and ESC saved in addresses,
/// notes and names of organisations), stored, shown and exported as part of the text. PostgreSQL refuses NUL outright.
/// </summary>
public static class TextRules
{
    public const string OneLineMessage = "Must be one line of text, without tabs, line breaks or other control characters.";
    public const string ControlMessage = "Must not contain control characters (only tabs and line breaks).";

    /// <summary>A name, an address line, a code: no control character at all.</summary>
    public static void OneLine(string field, string? value)
    {
        if (value is not null && (value.AsSpan().ContainsAnyInRange('\u0000', '\u001f') || value.AsSpan().ContainsAnyInRange('\u007f', '\u009f')))
            throw new DomainException(field, OneLineMessage);
    }

    /// <summary>Free text over several lines (a note, a reason): tabs and line breaks, no other control character.</summary>
    public static void Plain(string field, string? value)
    {
        if (value is null) return;
        foreach (var c in value)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) throw new DomainException(field, ControlMessage);
        }
    }
}
