using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Palermo.Privacy;

/// <summary>
/// A personal field as it is stored: an AES-GCM envelope under the owner's data key. It can only be read through
/// <see cref="PersonCrypto"/>, which knows the key and writes the read to the audit log's caller.
/// </summary>
public sealed record Sealed(byte[] Envelope)
{
    public static readonly ValueConverter<Sealed, byte[]> Converter = new(s => s.Envelope, b => new Sealed(b));

    public static readonly ValueConverter<Sealed?, byte[]?> NullableConverter =
        new(s => s == null ? null : s.Envelope, b => b == null ? null : new Sealed(b));

    public bool Equals(Sealed? other) => other is not null && Envelope.AsSpan().SequenceEqual(other.Envelope);

    public override int GetHashCode() => Envelope.Length;
}
