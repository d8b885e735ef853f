using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MailManager.Smtp.Tests;

public sealed class CertificateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"smtp-cert-test-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Self_signed_certificate_is_created_once_and_reloaded()
    {
        using X509Certificate2 first = SmtpCertificates.LoadOrCreateSelfSigned(_folder, "mx.example.net");
        using X509Certificate2 second = SmtpCertificates.LoadOrCreateSelfSigned(_folder, "mx.example.net");

        Assert.Equal(first.Thumbprint, second.Thumbprint);
        Assert.True(second.HasPrivateKey);
        Assert.True(File.Exists(Path.Combine(_folder, SmtpCertificates.SelfSignedFileName)));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, SmtpCertificates.SelfSignedFileName)));
        }
    }

    [Fact]
    public void Self_signed_certificate_has_the_expected_key_usage_and_names()
    {
        using X509Certificate2 certificate = SmtpCertificates.LoadOrCreateSelfSigned(_folder, "mx.example.net");

        Assert.Equal("CN=mx.example.net", certificate.Subject);
        using RSA? key = certificate.GetRSAPublicKey();
        Assert.Equal(2048, key!.KeySize);
        X509EnhancedKeyUsageExtension eku = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Contains(eku.EnhancedKeyUsages.Cast<Oid>(), oid => oid.Value == "1.3.6.1.5.5.7.3.1");
        X509SubjectAlternativeNameExtension san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["mx.example.net", "localhost"], san.EnumerateDnsNames());
        Assert.True(certificate.MatchesHostname("mx.example.net"));
    }

    [Fact]
    public void A_different_server_name_makes_a_new_certificate()
    {
        using X509Certificate2 first = SmtpCertificates.LoadOrCreateSelfSigned(_folder, "old.example.net");
        using X509Certificate2 second = SmtpCertificates.LoadOrCreateSelfSigned(_folder, "new.example.net");

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.Equal("CN=new.example.net", second.Subject);
    }

    [Fact]
    public void Configured_pfx_is_loaded_with_its_password()
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, "server.pfx");
        using (X509Certificate2 made = SmtpCertificates.CreateSelfSigned("mx.example.net", TimeSpan.FromDays(1)))
        {
            File.WriteAllBytes(path, made.Export(X509ContentType.Pkcs12, "pfx-password"));
        }

        using X509Certificate2 loaded = SmtpCertificates.LoadConfigured(new SmtpServerOptions { CertificatePath = path, CertificatePassword = "pfx-password" }, _folder);

        Assert.True(loaded.HasPrivateKey);
        Assert.Equal("CN=mx.example.net", loaded.Subject);
        Assert.False(File.Exists(Path.Combine(_folder, SmtpCertificates.SelfSignedFileName)));
        Assert.ThrowsAny<CryptographicException>(() => SmtpCertificates.LoadPfx(path, "wrong"));
    }

    [Fact]
    public void Fingerprint_is_colon_separated_sha256()
    {
        using X509Certificate2 certificate = SmtpCertificates.LoadConfigured(new SmtpServerOptions { ServerName = "mx.example.net" }, _folder);

        string fingerprint = SmtpCertificates.GetSha256Fingerprint(certificate);

        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);
        Assert.Equal(certificate.GetCertHashString(HashAlgorithmName.SHA256), fingerprint.Replace(":", string.Empty, StringComparison.Ordinal));
    }
}
