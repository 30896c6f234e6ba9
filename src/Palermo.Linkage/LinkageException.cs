namespace Palermo.Linkage;

/// <summary>Bad input or configuration; the message is one line, safe to show, and never holds personal data.</summary>
public sealed class LinkageException : Exception
{
    public LinkageException(string message)
        : base(message)
    {
    }

    public LinkageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public LinkageException()
    {
    }
}
