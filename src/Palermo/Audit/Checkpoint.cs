using System.Globalization;
using System.Text.Json;

namespace Palermo.Audit;

/// <summary>A signed statement "entry N had hash H at time T", kept outside the database.</summary>
public sealed record Checkpoint(long Sequence, string Hash, DateTime At, string Signature)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Payload => Payload_(Sequence, Hash, At);

    public static Checkpoint Create(long sequence, string hash, DateTime at, AuditSigner signer) =>
        new(sequence, hash, at, Convert.ToBase64String(signer.Sign(Payload_(sequence, hash, at))));

    public bool IsSignedBy(AuditSigner signer)
    {
        try
        {
            return signer.Verify(Payload, Convert.FromBase64String(Signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public string FileName => $"checkpoint-{Sequence.ToString("D12", CultureInfo.InvariantCulture)}.json";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static Checkpoint? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Checkpoint>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Payload_(long sequence, string hash, DateTime at) =>
        $"palermo-audit-checkpoint-v1|{sequence.ToString(CultureInfo.InvariantCulture)}|{hash}|{at.Ticks.ToString(CultureInfo.InvariantCulture)}";
}
