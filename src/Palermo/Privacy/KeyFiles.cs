using System.Security.Cryptography;

namespace Palermo.Privacy;

/// <summary>
/// Key material lives in files outside the database (default <c>DATA_DIR/keys</c>), each readable by the owner only.
/// Back these files up separately from the database: without them the data is unreadable by design.
/// </summary>
public sealed class KeyFiles
{
    public KeyFiles(string directory) => Directory = directory;

    public string Directory { get; }

    public string MasterKeyPath(string id) => Path.Combine(Directory, $"master-{id}.key");

    public string CurrentMasterPointer => Path.Combine(Directory, "master.current");

    public string BlindIndexKeyPath => Path.Combine(Directory, "blind-index.key");

    public string AuditSigningKeyPath => Path.Combine(Directory, "audit-signing.pem");

    public void EnsureDirectory()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.CreateDirectory(Directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    /// <summary>Writes a secret file atomically with mode 0600; never overwrites an existing key.</summary>
    public static void WriteSecret(string path, string content)
    {
        var tmp = path + ".tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var fs = new FileStream(tmp, options))
        using (var w = new StreamWriter(fs))
        {
            w.Write(content);
            w.Flush();
            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: false);
    }

    /// <summary>Replaces a small pointer file atomically.</summary>
    public static void ReplaceSecret(string path, string content)
    {
        var tmp = path + ".tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        WriteSecret(tmp, content);
        File.Move(tmp, path, overwrite: true);
    }
}
