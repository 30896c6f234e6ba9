using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Palermo.Privacy;

namespace Palermo.Web.Infrastructure;

/// <summary>
/// Data Protection keys (they sign session cookies and antiforgery tokens) are stored in the database; this wraps them
/// with the master key, so write access to the database alone is not enough to forge a session.
/// </summary>
public sealed class MasterKeyXmlEncryptor(MasterKeyRing ring) : IXmlEncryptor
{
    internal const string Purpose = "palermo:dataprotection";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement("palermoEncryptedKey",
            new XAttribute("masterKeyId", ring.CurrentId),
            new XElement("value", Convert.ToBase64String(Aead.Seal(ring.Current, plain, Purpose))));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Created by Data Protection through its service provider; opens keys wrapped by any loaded master key.</summary>
public sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var ring = services.GetRequiredService<MasterKeyRing>();
        var id = (string?)encryptedElement.Attribute("masterKeyId") ?? throw new System.Security.Cryptography.CryptographicException("Missing master key id.");
        var value = (string?)encryptedElement.Element("value") ?? throw new System.Security.Cryptography.CryptographicException("Missing value.");
        var plain = Aead.Open(ring.Get(id), Convert.FromBase64String(value), MasterKeyXmlEncryptor.Purpose);
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
