using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.VerdictLog;

/// <summary>
/// One SMTP session as the verdict log keeps it, accepted or not: who connected, what the session learnt (HELO, TLS,
/// authentication), how it ended, and the verdict for every recipient. The per-recipient entries follow SES's
/// <c>TRAFFIC_POLICY_DEBUG_LOGS</c> (all recipients of a conversation share its <c>ingress_point_session_id</c>).
/// </summary>
public sealed class SessionLogEntry
{
    /// <summary>Storage key; the engine's <see cref="SessionId"/> is random and may repeat across restarts.</summary>
    public long Id { get; set; }

    /// <summary>SES <c>ingress_point_session_id</c>: the engine's id of the connection (also in the <c>Received:</c> header).</summary>
    public string SessionId { get; set; } = "";

    public string IngressPointId { get; set; } = "";
    public string IngressPointName { get; set; } = "";
    public string? TrafficPolicyId { get; set; }
    public string? TrafficPolicyName { get; set; }

    /// <summary>SES <c>sender_ip_address</c>.</summary>
    public string SourceIp { get; set; } = "";

    /// <summary>SES <c>smtp_helo</c>: the last EHLO/HELO name, null when the client never greeted.</summary>
    public string? HeloName { get; set; }

    /// <summary>SES <c>tls_protocol</c> as negotiated by STARTTLS (<c>TLSv1.3</c>), null without TLS.</summary>
    public string? TlsProtocol { get; set; }

    /// <summary>SES <c>tls_cipher_suite</c>.</summary>
    public string? TlsCipherSuite { get; set; }

    /// <summary>The user that authenticated with AUTH, null when none did.</summary>
    public string? AuthenticatedUser { get; set; }

    public int FailedAuthAttempts { get; set; }

    /// <summary>Why the connection was turned away before the greeting (a closed endpoint), null when it was not.</summary>
    public string? ConnectionRefusedReason { get; set; }

    public SessionEndReason EndReason { get; set; }

    public DateTimeOffset StartedTimestamp { get; set; }
    public DateTimeOffset EndedTimestamp { get; set; }

    public int MessagesAccepted { get; set; }
    public int RecipientsAccepted { get; set; }

    /// <summary>Recipients refused at RCPT plus those of messages refused at DATA.</summary>
    public int RecipientsRefused { get; set; }

    /// <summary>Anything refused: the connection, a recipient, or a message at DATA. What the "Refused" filter finds.</summary>
    public bool HasRefusals { get; set; }

    /// <summary>In the order they happened.</summary>
    public List<RecipientVerdictEntry> Recipients { get; set; } = [];
}

/// <summary>How a session ended (the engine's view, in the log's words).</summary>
public enum SessionEndReason
{
    Quit,
    ClientDisconnected,
    ConnectionRefused,
    ServerError,
    Timeout,
    ShuttingDown,
    TooManyFailedAuthentications,
    TlsHandshakeFailed,
}

/// <summary>SES <c>traffic_policy_verdict</c>.</summary>
public enum TrafficPolicyVerdictValue
{
    Accept,
    Reject,
}

/// <summary>SES's <c>scope</c>: a recipient's verdict at RCPT, or a message's refusal at DATA.</summary>
public enum VerdictScope
{
    Recipient,
    Data,
}

/// <summary>What decided a verdict.</summary>
public enum VerdictDecidedBy
{
    /// <summary>A policy statement whose conditions all held (<see cref="RecipientVerdictEntry.StatementIndex"/>).</summary>
    PolicyStatement,

    /// <summary>No statement matched: the policy's <c>DefaultAction</c> (SES's entry with <c>type: DefaultAction</c>).</summary>
    DefaultAction,

    /// <summary>The endpoint's traffic policy no longer exists: every recipient is refused.</summary>
    NoTrafficPolicy,

    /// <summary>DATA was larger than <c>MaxMessageSizeBytes</c> (SES's size entry, scope Data).</summary>
    MessageSize,

    /// <summary>DATA was refused for its content (bare CR or LF, a line too long) or a local error.</summary>
    MessageContent,
}

/// <summary>One recipient's verdict (SES <c>TRAFFIC_POLICY_DEBUG_LOGS</c> record).</summary>
public sealed class RecipientVerdictEntry
{
    public long Id { get; set; }
    public long SessionLogEntryId { get; set; }

    public DateTimeOffset Timestamp { get; set; }

    /// <summary>SES <c>recipient</c>, exactly as received.</summary>
    public string Address { get; set; } = "";

    /// <summary>SES <c>smtp_mail_from</c>; empty for the null sender.</summary>
    public string MailFrom { get; set; } = "";

    public TrafficPolicyVerdictValue Verdict { get; set; }
    public VerdictScope Scope { get; set; }
    public VerdictDecidedBy DecidedBy { get; set; }

    /// <summary>Zero-based index of the deciding statement in the policy's list, when a statement decided.</summary>
    public int? StatementIndex { get; set; }

    /// <summary>The deciding statement's or default action's action (Deny for DATA refusals).</summary>
    public AcceptAction Action { get; set; }

    /// <summary>SES <c>allowedMessageSize</c> and <c>receivedMessageSize</c> of a size refusal.</summary>
    public long? AllowedMessageSize { get; set; }
    public long? ReceivedMessageSize { get; set; }

    /// <summary>For a content refusal at DATA: what was wrong.</summary>
    public string? DataRefusal { get; set; }

    /// <summary>SES <c>traffic_policy_evaluation</c>: every statement, each condition's result.</summary>
    public List<StatementEvaluation> Evaluation { get; set; } = [];
}

/// <summary>One statement of a verdict's evaluation.</summary>
public sealed class StatementEvaluation
{
    public int StatementIndex { get; set; }
    public AcceptAction Action { get; set; }

    /// <summary>SES <c>policyStatementMatched</c>: all conditions held.</summary>
    public bool PolicyStatementMatched { get; set; }

    public List<ConditionEvaluation> Conditions { get; set; } = [];
}

/// <summary>One condition's <c>expression</c> and <c>expressionResult</c>.</summary>
public sealed class ConditionEvaluation
{
    public PolicyConditionKind Kind { get; set; }

    /// <summary>SES's attribute name: <c>RECIPIENT</c>, <c>SENDER_IP</c>, <c>SENDER_IPV6</c>, <c>TLS_PROTOCOL</c>.</summary>
    public string Attribute { get; set; } = "";

    /// <summary>SES's operator name, such as <c>CIDR_MATCHES</c> or <c>IS_TRUE</c>.</summary>
    public string Operator { get; set; } = "";

    /// <summary>The right-hand side as written in the policy: values joined with ", ", a TLS version, an address list ID.</summary>
    public string Value { get; set; } = "";

    public bool ExpressionResult { get; set; }
}

/// <summary>Which member of SES's <c>PolicyCondition</c> union a condition is.</summary>
public enum PolicyConditionKind
{
    StringExpression,
    IpExpression,
    Ipv6Expression,
    TlsExpression,
    IsInAddressList,
}
