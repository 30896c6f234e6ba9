using System.Security.Cryptography;

namespace Palermo.Privacy;

/// <summary>
/// The master keys that wrap every person's data key. The current key wraps new data keys; older keys stay
/// loadable so that a rotation interrupted half-way loses nothing.
/// Source: key files (created on first run, mode 0600) or, when <c>Keys:MasterKey</c> is configured, that base64 value.
/// </summary>
public sealed class MasterKeyRing
{
    private readonly Dictionary<string, byte[]> _keys;

    private MasterKeyRing(Dictionary<string, byte[]> keys, string currentId, bool fromFiles)
    {
        _keys = keys;
        CurrentId = currentId;
        FromFiles = fromFiles;
    }

    public string CurrentId { get; private set; }

    public bool FromFiles { get; }

    public byte[] Current => _keys[CurrentId];

    public byte[] Get(string id) =>
        _keys.TryGetValue(id, out var key) ? key : throw new CryptographicException($"Master key {id} is not available; restore its key file.");

    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..12];

    public static MasterKeyRing FromBase64(string base64, IEnumerable<string> retired)
    {
        byte[] key;
        try { key = Convert.FromBase64String(base64); }
        catch (FormatException) { throw new CryptographicException("Keys:MasterKey is not valid base64."); }
        if (key.Length != 32) throw new CryptographicException("Keys:MasterKey must be 32 bytes (base64 of 32 random bytes).");
        var keys = new Dictionary<string, byte[]> { [IdOf(key)] = key };
        foreach (var r in retired)
        {
            var old = Convert.FromBase64String(r);
            keys[IdOf(old)] = old;
        }

        return new MasterKeyRing(keys, IdOf(key), fromFiles: false);
    }

    /// <summary>Loads every master key file; creates the first one when the folder has none.</summary>
    public static MasterKeyRing LoadOrCreate(KeyFiles files)
    {
        files.EnsureDirectory();
        var keys = new Dictionary<string, byte[]>();
        foreach (var path in Directory.EnumerateFiles(files.Directory, "master-*.key"))
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            keys[IdOf(key)] = key;
        }

        if (keys.Count == 0)
        {
            var ring = new MasterKeyRing(keys, "", fromFiles: true);
            ring.AddNew(files);
            return ring;
        }

        var current = File.Exists(files.CurrentMasterPointer) ? File.ReadAllText(files.CurrentMasterPointer).Trim() : keys.Keys.Single();
        if (!keys.ContainsKey(current)) throw new CryptographicException($"The current master key {current} has no key file.");
        return new MasterKeyRing(keys, current, fromFiles: true);
    }

    /// <summary>Writes a new key file (not yet current) and returns its id.</summary>
    public string AddNew(KeyFiles files)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var id = IdOf(key);
        KeyFiles.WriteSecret(files.MasterKeyPath(id), Convert.ToBase64String(key));
        _keys[id] = key;
        if (CurrentId.Length == 0) MakeCurrent(files, id);
        return id;
    }

    public void MakeCurrent(KeyFiles files, string id)
    {
        KeyFiles.ReplaceSecret(files.CurrentMasterPointer, id);
        CurrentId = id;
    }
}
