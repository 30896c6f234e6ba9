using Palermo.Cases;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Schema;

namespace Palermo.CrossAgency;

/// <summary>
/// Every project encodes with the library's default schema, so all Palermo organisations produce comparable
/// filters and agencies outside Palermo can use the same published schema.
/// </summary>
internal static class ProjectSchema
{
    public static readonly LinkageSchema Schema = DefaultSchema.Create();
    public static readonly string Fingerprint = SchemaJson.Fingerprint(Schema);
    public static int FilterBits => Schema.FilterBits;

    /// <summary>
    /// The secret as the encoder uses it: the base64 text of the project's 32 random bytes. Inside Palermo and in the
    /// agency kit's secret file alike, so `palermo linkage encode --secret-file` (which takes the file's bytes, minus
    /// a trailing newline) produces exactly the filters Palermo's own export produces.
    /// </summary>
    public static byte[] ExchangeSecret(byte[] secret) => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(secret));

    public static byte[] Encode(LinkageEncoder encoder, PersonDetails d) => encoder.EncodePerson(d.GivenName, d.FamilyName,
        d.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SexCode(d.Gender), d.Citizenships.FirstOrDefault());

    // The same codes as the case module's duplicate encoder, so both sides of a link tokenise sex alike.
    private static string? SexCode(Gender g) => g switch
    {
        Gender.Feminine => "F",
        Gender.Masculine => "M",
        Gender.NonSpecifiedUnknown => null,
        _ => "O",
    };
}
