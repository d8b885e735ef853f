namespace MailManager.Core.RuleSets.Actions;

/// <summary>Where a DeliverToMailbox action delivers (placeholder until the LMTP transport lands).</summary>
public sealed record LmtpServer(string? Host, int Port, string? SocketPath)
{
    public static bool TryParse(string? text, out LmtpServer server, out string error)
    {
        server = new LmtpServer(text?.Trim(), 24, null);
        error = "Enter an LMTP server as host, host:port or an absolute Unix socket path.";
        return !string.IsNullOrWhiteSpace(text);
    }
}
