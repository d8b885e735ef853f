using System.Security.Cryptography.X509Certificates;

namespace MailManager.Smtp.Tests.Infrastructure;

/// <summary>One self-signed certificate for the whole test run: making an RSA key costs tens of milliseconds.</summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Shared = new(() => SmtpCertificates.CreateSelfSigned("localhost", TimeSpan.FromDays(2)));

    public static X509Certificate2 Instance => Shared.Value;
}
