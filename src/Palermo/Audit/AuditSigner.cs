using System.Security.Cryptography;
using System.Text;
using Palermo.Privacy;

namespace Palermo.Audit;

/// <summary>
/// The ECDSA P-256 key that signs audit checkpoints. It lives outside the database, so an insider who rewrites the
/// whole chain in the database cannot produce a checkpoint that matches it.
/// </summary>
public sealed class AuditSigner : IDisposable
{
    private readonly ECDsa _key;

    private AuditSigner(ECDsa key) => _key = key;

    public static AuditSigner LoadOrCreate(KeyFiles files)
    {
        files.EnsureDirectory();
        var key = ECDsa.Create();
        if (!File.Exists(files.AuditSigningKeyPath))
        {
            key.GenerateKey(ECCurve.NamedCurves.nistP256);
            KeyFiles.WriteSecret(files.AuditSigningKeyPath, key.ExportPkcs8PrivateKeyPem());
        }
        else
        {
            key.ImportFromPem(File.ReadAllText(files.AuditSigningKeyPath));
        }

        return new AuditSigner(key);
    }

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    public byte[] Sign(string payload) => _key.SignData(Encoding.UTF8.GetBytes(payload), HashAlgorithmName.SHA256);

    public bool Verify(string payload, byte[] signature) =>
        _key.VerifyData(Encoding.UTF8.GetBytes(payload), signature, HashAlgorithmName.SHA256);

    public void Dispose() => _key.Dispose();
}
