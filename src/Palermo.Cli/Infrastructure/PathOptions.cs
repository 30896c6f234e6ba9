namespace Palermo.Cli.Infrastructure;

/// <summary>
/// File and folder options checked before any work starts, so the error names the option (not a runtime message
/// quoting the path) and nothing is written or audited for a file that cannot be written.
/// </summary>
internal static class PathOptions
{
    /// <summary>An error line naming <paramref name="option"/>, or null when the file can be read.</summary>
    public static string? Input(string? path, string option) =>
        string.IsNullOrWhiteSpace(path) || !File.Exists(path) ? $"{option}: no such file." : null;

    /// <summary>An error line naming <paramref name="option"/>, or null when a file can be written there.</summary>
    public static string? Output(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) return $"{option}: name the file to write.";
        if (path.Any(char.IsControl)) return $"{option}: control characters in the file name.";
        if (Directory.Exists(path)) return $"{option}: that is a folder; name a file.";
        // Linux limits: 255 bytes a name, 4096 a path (.NET reports them only when the file is opened, quoting the path).
        if (path.Length > 4096 || Path.GetFileName(path).Length > 255) return $"{option}: the path is too long.";
        return Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))) ? null : $"{option}: the folder does not exist.";
    }

    /// <summary>An error line naming <paramref name="option"/>, or null when the folder exists or can be made.</summary>
    public static string? Folder(string? path, string option, bool mustExist)
    {
        if (string.IsNullOrWhiteSpace(path)) return $"{option}: name a folder.";
        if (path.Any(char.IsControl)) return $"{option}: control characters in the folder name.";
        if (File.Exists(path)) return $"{option}: that is a file; name a folder.";
        if (path.Length > 4096 || Path.GetFileName(path.TrimEnd('/')).Length > 255) return $"{option}: the path is too long.";
        return mustExist && !Directory.Exists(path) ? $"{option}: no such folder." : null;
    }
}
