using System.Security.Cryptography.X509Certificates;
using MailManager.Data;
using MailManager.Smtp;
using Microsoft.Extensions.Options;

namespace MailManager.Ingress;

/// <summary>
/// The certificate every endpoint offers with STARTTLS: the PFX of <c>MailManager:Smtp:Certificate*</c> when
/// configured, otherwise a self-signed one generated once and kept in <c>data/certs</c>.
/// </summary>
public sealed class IngressCertificate : IDisposable
{
    private readonly Lazy<X509Certificate2> _certificate;

    public IngressCertificate(IOptions<SmtpServerOptions> smtp, IOptions<StorageOptions> storage)
    {
        var folder = Path.Combine(storage.Value.FullDataDirectory, "certs");
        _certificate = new Lazy<X509Certificate2>(() =>
        {
            DataDirectory.EnsurePrivate(folder);
            return SmtpCertificates.LoadConfigured(smtp.Value, folder);
        });
    }

    public X509Certificate2 Certificate => _certificate.Value;

    /// <summary>SHA-256 fingerprint (AB:CD:…), shown in the console so senders can pin or check it.</summary>
    public string Fingerprint => SmtpCertificates.GetSha256Fingerprint(Certificate);

    public string Subject => Certificate.Subject;

    public DateTime NotAfter => Certificate.NotAfter;

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value.Dispose();
        }
    }
}
