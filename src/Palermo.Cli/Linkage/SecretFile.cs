using Palermo.Linkage;
using Palermo.Linkage.Crypto;

namespace Palermo.Cli.Linkage;

/// <summary>Reads the shared project secret; a trailing newline (from an editor or echo) is not part of it.</summary>
internal static class SecretFile
{
    public static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new LinkageException($"Secret file not found: {path}");
        }

        byte[] raw = File.ReadAllBytes(path);
        int length = raw.Length;
        while (length > 0 && raw[length - 1] is (byte)'\n' or (byte)'\r' or (byte)' ')
        {
            length--;
        }

        if (length < KeySchedule.MinimumSecretBytes)
        {
            throw new LinkageException(
                $"The secret file holds {length} bytes; use at least {KeySchedule.MinimumSecretBytes} random bytes (e.g. openssl rand -base64 32).");
        }

        return raw[..length];
    }
}
