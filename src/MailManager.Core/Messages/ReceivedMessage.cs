using MailManager.Core.RuleSets;

namespace MailManager.Core.Messages;

/// <summary>
/// A message an ingress endpoint accepted: its envelope and session facts (what SES logs per accepted message in
/// an ingress endpoint's application logs), the headers once processed, and what the rule set did with it. The bytes live in the spool file
/// until every recipient is finished.
/// </summary>
public sealed class ReceivedMessage
{
    public string MessageId { get; set; } = "";
    public string IngressPointId { get; set; } = "";
    public string IngressPointName { get; set; } = "";
    public string SessionId { get; set; } = "";
    public DateTimeOffset ReceivedTimestamp { get; set; }
    public string SourceIp { get; set; } = "";
    public string HeloName { get; set; } = "";
    public string? TlsProtocol { get; set; }
    public string? TlsCipherSuite { get; set; }
    public string? AuthenticatedUser { get; set; }
    public string MailFrom { get; set; } = "";
    public long SizeBytes { get; set; }
    public MessageStatus Status { get; set; } = MessageStatus.Queued;
    public string? Subject { get; set; }
    /// <summary>The header block as received (capped), kept for the log after the spool file is gone.</summary>
    public string? Headers { get; set; }
    public string? RuleSetId { get; set; }
    public DateTimeOffset LastUpdatedTimestamp { get; set; }
    public List<MessageRecipient> Recipients { get; set; } = [];
    public List<MessageAction> Actions { get; set; } = [];

    /// <summary>SES's rule-set log per rule: the recipients each rule matched (none: it did not apply).</summary>
    public List<RuleMatch> RuleMatches { get; set; } = [];

    public bool IsAuthenticated => AuthenticatedUser is not null;

    public bool IsFinished => Status is MessageStatus.Delivered or MessageStatus.Dropped or MessageStatus.Failed;
}
