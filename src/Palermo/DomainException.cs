namespace Palermo;

/// <summary>
/// A rule of the domain was broken by the caller's input. <see cref="Field"/> names the input at fault so that
/// forms and the API can point at it. Messages never contain personal data.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string field, string message) : base(message) => Field = field;

    public DomainException() : this("", "Invalid input.") { }

    public DomainException(string message) : this("", message) { }

    public DomainException(string message, Exception inner) : base(message, inner) => Field = "";

    public string Field { get; }
}

/// <summary>The resource does not exist or lies outside the caller's reach; both answer the same (404).</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException() : base("Not found.") { }

    public NotFoundException(string message) : base(message) { }

    public NotFoundException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Someone else changed the record since it was read; nothing was overwritten.</summary>
public sealed class ConflictException : Exception
{
    public ConflictException() : base("This record was changed by someone else since you opened it. Nothing was saved; reload it and apply your change again.") { }

    public ConflictException(string message) : base(message) { }

    public ConflictException(string message, Exception inner) : base(message, inner) { }
}
