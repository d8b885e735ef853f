namespace MailManager.Delivery.Actions;

/// <summary>
/// The facts about a received message and the rule action being run on it, as the action transports (write to
/// folder, webhook) report them. <paramref name="Recipients"/> are the action's envelope recipients: those the
/// rule matched, after any rewrite before it. The content travels separately, as a stream of the raw message.
/// </summary>
/// <param name="MessageId">Our message ID (<c>msg-…</c>); also names the written file.</param>
/// <param name="ReceivedTimestamp">When the message was accepted (after DATA).</param>
/// <param name="TlsProtocol">The session's TLS protocol (e.g. <c>Tls13</c>), or null for plain SMTP.</param>
/// <param name="SizeBytes">The raw message's size as received.</param>
/// <param name="RuleIndex">The rule's position in its rule set, from 0 (SES's <c>rule_index</c>).</param>
/// <param name="ActionIndex">The action's position in its rule, from 0 (SES's <c>action_index</c>).</param>
public sealed record ActionMessage(
    string MessageId,
    DateTimeOffset ReceivedTimestamp,
    string IngressPointId,
    string IngressPointName,
    string SourceIp,
    string HeloName,
    string? TlsProtocol,
    string MailFrom,
    IReadOnlyList<string> Recipients,
    long SizeBytes,
    string? RuleSetId,
    string? RuleSetName,
    int RuleIndex,
    string? RuleName,
    int ActionIndex);
