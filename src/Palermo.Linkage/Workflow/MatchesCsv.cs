using System.Text;
using Palermo.Linkage.Interchange;
using Palermo.Linkage.Solving;

namespace Palermo.Linkage.Workflow;

/// <summary><c>group_id,input,position</c>: one row per matched record (0-based input and position).</summary>
public static class MatchesCsv
{
    public const string Header = "group_id,input,position";

    public static void Write(string path, GroupList groups) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            for (int g = 0; g < groups.Count; g++)
            {
                foreach (RecordRef r in groups[g])
                {
                    WriteRow(writer, g, r);
                }
            }
        });

    private static void WriteRow(StreamWriter writer, int g, RecordRef r)
    {
        writer.Write(g);
        writer.Write(',');
        writer.Write(r.Input);
        writer.Write(',');
        writer.Write(r.Position);
        writer.Write('\n');
    }

    public static void Write(string path, List<List<RecordRef>> groups) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            writer.NewLine = "\n";
            writer.WriteLine(Header);
            for (int g = 0; g < groups.Count; g++)
            {
                foreach (RecordRef r in groups[g])
                {
                    writer.Write(g);
                    writer.Write(',');
                    writer.Write(r.Input);
                    writer.Write(',');
                    writer.Write(r.Position);
                    writer.Write('\n');
                }
            }
        });
}
