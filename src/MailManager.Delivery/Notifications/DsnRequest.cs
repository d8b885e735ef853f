namespace MailManager.Delivery.Notifications;

/// <summary>What a delivery status notification (RFC 3464) reports in its per-recipient blocks' <c>Action</c> field.</summary>
public enum DsnAction
{
    /// <summary>The message could not be delivered and will not be tried again.</summary>
    Failed,

    /// <summary>Not delivered yet, still being retried (a warning, not a bounce).</summary>
    Delayed,
}

/// <summary>
/// Everything a delivery status notification about one received message says.
/// </summary>
/// <param name="ReportingMta">This gateway's host name (<c>Reporting-MTA: dns; …</c>): DeliveryOptions.HeloName, else the machine name.</param>
/// <param name="From">The notification's From address, e.g. <c>MAILER-DAEMON@mail.example.com</c> (NotificationOptions.Sender).</param>
/// <param name="To">The original message's envelope sender, to whom the notification goes.</param>
/// <param name="OriginalMessageId">The gateway's ID of the original message (<c>X-MailManager-Message-Id</c>).</param>
/// <param name="ArrivalDate">When the gateway accepted the original message (<c>Arrival-Date</c>).</param>
/// <param name="OriginalHeaders">
/// The original message's header section as received: returned as the text/rfc822-headers part, and read for
/// its Message-ID (In-Reply-To, References) and Subject. May be empty.
/// </param>
/// <param name="Recipients">The recipients reported on, at least one.</param>
public sealed record DsnRequest(
    string ReportingMta,
    string From,
    string To,
    string OriginalMessageId,
    DateTimeOffset ArrivalDate,
    string OriginalHeaders,
    IReadOnlyList<DsnRecipient> Recipients)
{
    /// <summary>
    /// The human-readable explanation (the Bounce action's <c>Message</c>); null for the default wording, which
    /// says the message could not be delivered (or is delayed) and lists the recipients with their diagnostics.
    /// </summary>
    public string? HumanMessage { get; init; }

    /// <summary>Failed (a bounce) or Delayed (a warning); the same for every recipient of one notification.</summary>
    public DsnAction Action { get; init; } = DsnAction.Failed;
}

/// <summary>One recipient a delivery status notification reports on.</summary>
/// <param name="Address">The recipient address as the gateway tried it (<c>Final-Recipient: rfc822; …</c>).</param>
/// <param name="StatusCode">The enhanced status code (RFC 3463), <c>[45].d.d</c>, e.g. <c>5.1.1</c> (<c>Status</c>).</param>
/// <param name="SmtpReplyCode">The SMTP reply code, e.g. 550, written into <c>Diagnostic-Code</c> unless <see cref="Diagnostic"/> already starts with it.</param>
/// <param name="Diagnostic">
/// The remote server's reply (<c>550 5.1.1 &lt;x@y&gt;: Recipient address rejected</c>), the Bounce action's
/// <c>DiagnosticMessage</c>, or the gateway's own failure text (<c>Connection refused by …</c>).
/// </param>
public sealed record DsnRecipient(string Address, string StatusCode, int SmtpReplyCode, string Diagnostic)
{
    /// <summary>
    /// The diagnostic type of <c>Diagnostic-Code</c> (RFC 3464 §2.3.6): <c>smtp</c> for a server's reply or a
    /// Bounce action; <see cref="DsnStatus.GatewayDiagnosticType"/> for the gateway's own failure texts, which no
    /// SMTP server said (as Postfix writes <c>X-Postfix</c>).
    /// </summary>
    public string DiagnosticType { get; init; } = "smtp";

    /// <summary>The server that gave the reply, when one did (<c>Remote-MTA: dns; …</c>).</summary>
    public string? RemoteMta { get; init; }

    /// <summary>The recipient as the sender gave it, when a rewrite changed it (<c>Original-Recipient: rfc822; …</c>).</summary>
    public string? OriginalRecipient { get; init; }

    /// <summary>When delivery to this recipient was last tried (<c>Last-Attempt-Date</c>).</summary>
    public DateTimeOffset? LastAttemptDate { get; init; }

    /// <summary>For a delayed recipient, when the gateway gives up (<c>Will-Retry-Until</c>).</summary>
    public DateTimeOffset? WillRetryUntil { get; init; }

    /// <summary>
    /// A recipient whose delivery failed with <paramref name="reply"/> (a stored remote reply or the gateway's own
    /// text), its codes derived by <see cref="DsnStatus.FromReply"/>.
    /// </summary>
    public static DsnRecipient FromDeliveryFailure(string address, string? reply, bool permanent)
    {
        var status = DsnStatus.FromReply(reply, permanent);
        // A server's reply is quoted as it was given; the gateway's own text keeps its retry-expiry mark, which
        // no server said.
        var diagnostic = status.IsRemoteReply ? DsnStatus.WithoutExpiry(reply) : reply?.Trim();
        return new DsnRecipient(address, status.StatusCode, status.ReplyCode, string.IsNullOrWhiteSpace(diagnostic) ? "Delivery failed" : diagnostic)
        {
            DiagnosticType = status.IsRemoteReply ? "smtp" : DsnStatus.GatewayDiagnosticType,
        };
    }
}
