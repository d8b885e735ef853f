using System.Text;

namespace MailManager.Testing;

/// <summary>Message bytes as our SMTP engine spools them, with the parts a careless relay would change.</summary>
public static class SampleMessage
{
    public const string Subject = "Quarterly report – naïve café";

    /// <summary>
    /// Starts with the engine's Received: line; has a folded header, an encoded-word subject, raw UTF-8 in a header
    /// (RFC 6532), a Bcc and a Content-Length (both of which MailKit would drop), 8-bit body text and lines starting
    /// with a dot (which SMTP must stuff and unstuff).
    /// </summary>
    public static byte[] Create(string? subjectHeader = null) => Encoding.UTF8.GetBytes(
        "Received: from client.example ([127.0.0.1])\r\n" +
        "\tby mailmanager.test with ESMTP id abc; Mon, 23 Nov 2026 08:00:00 +0000\r\n" +
        "From: Sender <sender@example.com>\r\n" +
        "To: a@example.org, b@example.org\r\n" +
        "Bcc: hidden@example.org\r\n" +
        "Content-Length: 12\r\n" +
        (subjectHeader ?? "Subject: =?utf-8?q?Quarterly_report_=E2=80=93_na=C3=AFve_caf=C3=A9?=") + "\r\n" +
        "X-Note: déjà vu\r\n" +
        "MIME-Version: 1.0\r\n" +
        "Content-Type: text/plain; charset=utf-8\r\n" +
        "Content-Transfer-Encoding: 8bit\r\n" +
        "\r\n" +
        "Hello,\r\n" +
        ".a line starting with a dot\r\n" +
        "..two dots\r\n" +
        ".\tdot tab\r\n" +
        "Grüße\r\n" +
        "\r\n");
}
