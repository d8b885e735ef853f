using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailManager.Smtp;

/// <summary>Loads the STARTTLS certificate: a configured PFX, or a self-signed one made once and kept on disk.</summary>
public static class SmtpCertificates
{
    /// <summary>File name of the self-signed certificate inside its folder.</summary>
    public const string SelfSignedFileName = "smtp-selfsigned.pfx";

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>
    /// The certificate the options ask for: <see cref="SmtpServerOptions.CertificatePath"/> when set, otherwise the
    /// self-signed certificate for <see cref="SmtpServerOptions.ServerName"/> kept in <paramref name="selfSignedFolder"/>.
    /// </summary>
    public static X509Certificate2 LoadConfigured(SmtpServerOptions options, string selfSignedFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.CertificatePath)
            ? LoadOrCreateSelfSigned(selfSignedFolder, options.ServerName)
            : LoadPfx(options.CertificatePath, options.CertificatePassword);
    }

    /// <summary>Loads a PFX (PKCS#12) file with its private key; throws if it has none.</summary>
    public static X509Certificate2 LoadPfx(string path, string? password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        X509Certificate2 certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CryptographicException($"The certificate in '{path}' has no private key.");
        }

        return certificate;
    }

    /// <summary>
    /// Returns the self-signed certificate stored in <paramref name="folder"/>, creating it on first use (and again
    /// when it expires within a week or was made for another server name). The PFX has no password, so on Unix the
    /// file is made readable by its owner only.
    /// </summary>
    public static X509Certificate2 LoadOrCreateSelfSigned(string folder, string serverName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(serverName);
        string path = Path.Combine(folder, SelfSignedFileName);
        if (File.Exists(path))
        {
            X509Certificate2 existing = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            if (existing.HasPrivateKey
                && existing.NotAfter > DateTime.Now.AddDays(7)
                && string.Equals(existing.GetNameInfo(X509NameType.SimpleName, forIssuer: false), serverName, StringComparison.OrdinalIgnoreCase))
            {
                return existing;
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(folder);
        byte[] pfx = CreateSelfSignedPfx(serverName, TimeSpan.FromDays(825));
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, pfx);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }

    /// <summary>Creates a self-signed certificate in memory: RSA 2048, serverAuth EKU, SAN = server name and localhost.</summary>
    public static X509Certificate2 CreateSelfSigned(string serverName, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverName);

        // Round-tripped through PKCS#12 so the key is usable by SslStream on every platform (Windows rejects ephemeral keys).
        return X509CertificateLoader.LoadPkcs12(CreateSelfSignedPfx(serverName, validity), password: null);
    }

    /// <summary>The certificate's SHA-256 fingerprint as colon-separated upper-case hex (AB:CD:…), as browsers and openssl show it.</summary>
    public static string GetSha256Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Select(pair => new string(pair)).Aggregate((a, b) => a + ":" + b);
    }

    private static byte[] CreateSelfSignedPfx(string serverName, TimeSpan validity)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new($"CN={serverName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        SubjectAlternativeNameBuilder names = new();
        if (IPAddress.TryParse(serverName, out IPAddress? address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(serverName);
        }

        if (!string.Equals(serverName, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName("localhost");
        }

        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(validity));
        return certificate.Export(X509ContentType.Pkcs12);
    }
}
