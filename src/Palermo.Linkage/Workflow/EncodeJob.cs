using System.Text;
using Palermo.Linkage.Bits;
using Palermo.Linkage.Crypto;
using Palermo.Linkage.Encoders;
using Palermo.Linkage.Interchange;
using Palermo.Linkage.Schema;

namespace Palermo.Linkage.Workflow;

/// <summary>
/// CSV of persons → interchange JSON of encodings (input order) plus, for the owner only, a file mapping each
/// position to a pseudonymous id (HMAC of the record id). Neither file holds a name, a date or an id.
/// </summary>
public static class EncodeJob
{
    public sealed record Result(int Records, int FilterBits, string SchemaFingerprint, string IdsPath);

    public static string IdsPathFor(string outPath)
    {
        string full = Path.GetFullPath(outPath);
        string stem = Path.GetExtension(full).Equals(".json", StringComparison.OrdinalIgnoreCase) ? full[..^5] : full;
        return stem + ".ids.csv";
    }

    public static Result Run(string inputCsv, byte[] secret, LinkageSchema schema, string outPath, Action<LinkageProgress>? progress = null)
    {
        var encoder = new LinkageEncoder(schema, secret);
        string name = Path.GetFileName(inputCsv);
        CsvTable table = CsvTable.Read(inputCsv);
        int idColumn = table.Columns(["id"], name)[0];
        int[] columns = table.Columns(schema.Fields.Select(f => f.Name), name);
        if (table.Rows.Count == 0)
        {
            throw new LinkageException($"{name} has a header but no records.");
        }

        var filters = new FilterSet(table.Rows.Count, schema.FilterBits);
        try
        {
            EncodeAll(table, columns, encoder, filters, name, progress);
        }
        catch (AggregateException e) when (e.InnerExceptions.FirstOrDefault(x => x is LinkageException) is { } first)
        {
            // Parallel.For wraps the failure; the user needs the one clear line, not the aggregate.
            throw first;
        }

        byte[] pseudonymKey = KeySchedule.PseudonymKey(secret);
        string idsPath = IdsPathFor(outPath);
        var ids = new StringBuilder("position,pseudonymous_id\n");
        for (int r = 0; r < table.Rows.Count; r++)
        {
            string id = table.Rows[r][idColumn].Trim();
            ids.Append(r).Append(',').Append(id.Length == 0 ? string.Empty : KeySchedule.Pseudonym(pseudonymKey, id)).Append('\n');
        }

        // Both files or neither: the ids file is written first, and removed if the encodings cannot be written.
        AtomicFile.Write(idsPath, s => s.Write(Encoding.UTF8.GetBytes(ids.ToString())));
        try
        {
            ClkFile.WriteAtomically(outPath, filters, encoder.Fingerprint);
        }
        catch
        {
            File.Delete(idsPath);
            throw;
        }

        return new Result(table.Rows.Count, schema.FilterBits, encoder.Fingerprint, idsPath);
    }

    private static void EncodeAll(
        CsvTable table, int[] columns, LinkageEncoder encoder, FilterSet filters, string name, Action<LinkageProgress>? progress)
    {
        int done = 0;
        Parallel.For(0, (table.Rows.Count + 1023) / 1024, chunk =>
        {
            string?[] values = new string?[columns.Length];
            int first = chunk * 1024, end = Math.Min(table.Rows.Count, first + 1024);
            for (int r = first; r < end; r++)
            {
                for (int c = 0; c < columns.Length; c++)
                {
                    values[c] = table.Rows[r][columns[c]];
                }

                try
                {
                    encoder.Encode(values, System.Runtime.InteropServices.MemoryMarshal.AsBytes(filters[r])[..filters.ByteLength]);
                }
                catch (LinkageException e)
                {
                    throw new LinkageException($"{name} row {r + 1}: {e.Message}", e);
                }
            }

            progress?.Invoke(new LinkageProgress("Encoding", Interlocked.Add(ref done, end - first), table.Rows.Count));
        });
    }
}
