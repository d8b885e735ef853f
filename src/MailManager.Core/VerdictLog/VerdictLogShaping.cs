using System.Runtime.CompilerServices;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.VerdictLog;

/// <summary>
/// Turns what a session captured into the verdict log's record: each recipient's verdict with the statement that
/// decided it, and every condition's result recomputed from the same facts with the same compiled policy (so the
/// explanation cannot disagree with the verdict the client got). Runs in the log's writer, never on the reply path.
/// </summary>
public static class VerdictLogShaping
{
    public static SessionLogEntry Shape(SessionTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var entry = new SessionLogEntry
        {
            SessionId = trace.SessionId,
            IngressPointId = trace.IngressPointId,
            IngressPointName = trace.IngressPointName,
            TrafficPolicyId = trace.Policy?.TrafficPolicyId,
            TrafficPolicyName = trace.Policy?.TrafficPolicyName,
            SourceIp = trace.SourceIp.IsIPv4MappedToIPv6 ? trace.SourceIp.MapToIPv4().ToString() : trace.SourceIp.ToString(),
            HeloName = trace.HeloName,
            TlsProtocol = trace.TlsProtocol,
            TlsCipherSuite = trace.TlsCipherSuite,
            AuthenticatedUser = trace.AuthenticatedUser,
            FailedAuthAttempts = trace.FailedAuthAttempts,
            ConnectionRefusedReason = trace.ConnectionRefusedReason,
            EndReason = trace.EndReason,
            StartedTimestamp = trace.StartedTimestamp,
            EndedTimestamp = trace.EndedTimestamp,
            MessagesAccepted = trace.MessagesAccepted,
        };

        foreach (var recipient in trace.Recipients)
        {
            entry.Recipients.Add(ShapeRecipient(trace, recipient));
        }

        foreach (var message in trace.RefusedMessages)
        {
            foreach (var address in message.Recipients)
            {
                entry.Recipients.Add(ShapeDataRefusal(message, address));
            }
        }

        entry.RecipientsAccepted = entry.Recipients.Count(r => r.Scope == VerdictScope.Recipient && r.Verdict == TrafficPolicyVerdictValue.Accept);
        entry.RecipientsRefused = entry.Recipients.Count(r => r.Verdict == TrafficPolicyVerdictValue.Reject);
        entry.HasRefusals = entry.RecipientsRefused > 0 || trace.ConnectionRefusedReason is not null;
        return entry;
    }

    private static RecipientVerdictEntry ShapeRecipient(SessionTrace trace, RecipientTrace recipient)
    {
        var entry = new RecipientVerdictEntry
        {
            Timestamp = recipient.Timestamp,
            Address = recipient.Facts.Recipient,
            MailFrom = recipient.MailFrom,
            Scope = VerdictScope.Recipient,
            Verdict = recipient.Verdict.Accepted ? TrafficPolicyVerdictValue.Accept : TrafficPolicyVerdictValue.Reject,
        };
        if (trace.Policy is not { } policy || trace.CompiledPolicy is not { } compiled)
        {
            entry.DecidedBy = VerdictDecidedBy.NoTrafficPolicy;
            entry.Action = AcceptAction.Deny;
            return entry;
        }

        foreach (var (index, results) in compiled.Explain(recipient.Facts))
        {
            var statement = policy.PolicyStatements[index];
            entry.Evaluation.Add(new StatementEvaluation
            {
                StatementIndex = index,
                Action = statement.Action,
                PolicyStatementMatched = results.All(r => r),
                Conditions = [.. statement.Conditions.Select((c, i) => Describe(c, results[i]))],
            });
        }

        if (recipient.Verdict.ByDefaultAction)
        {
            entry.DecidedBy = VerdictDecidedBy.DefaultAction;
            entry.Action = policy.DefaultAction;
        }
        else
        {
            entry.DecidedBy = VerdictDecidedBy.PolicyStatement;
            entry.StatementIndex = recipient.Verdict.StatementIndex;
            entry.Action = policy.PolicyStatements[recipient.Verdict.StatementIndex].Action;
        }

        return entry;
    }

    private static RecipientVerdictEntry ShapeDataRefusal(RefusedMessageTrace message, string address) => new()
    {
        Timestamp = message.Timestamp,
        Address = address,
        MailFrom = message.MailFrom,
        Scope = VerdictScope.Data,
        Verdict = TrafficPolicyVerdictValue.Reject,
        Action = AcceptAction.Deny,
        DecidedBy = message.SizeExceeded ? VerdictDecidedBy.MessageSize : VerdictDecidedBy.MessageContent,
        AllowedMessageSize = message.SizeExceeded ? message.AllowedSize : null,
        ReceivedMessageSize = message.SizeExceeded ? message.ReceivedSize : null,
        DataRefusal = message.SizeExceeded ? null : message.ContentProblem,
    };

    // A condition's expression text, worked out once per condition of a loaded policy instead of once per recipient:
    // joining a 50-value condition's values for each of 200 conditions was most of what shaping a verdict allocated.
    // Keyed by the instance: the ingress loads a policy anew on every configuration change and never edits it.
    private static readonly ConditionalWeakTable<PolicyCondition, Expression> Expressions = new();

    private sealed record Expression(PolicyConditionKind Kind, string Attribute, string Operator, string Value);

    /// <summary>A condition's expression in SES's names, with its result.</summary>
    public static ConditionEvaluation Describe(PolicyCondition condition, bool result)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var e = Expressions.GetValue(condition, Express);
        return new ConditionEvaluation { Kind = e.Kind, Attribute = e.Attribute, Operator = e.Operator, Value = e.Value, ExpressionResult = result };
    }

    private static Expression Express(PolicyCondition condition)
    {
        var (kind, attribute, op, value) = condition switch
        {
            { StringExpression: { } s } => (PolicyConditionKind.StringExpression, "RECIPIENT", StringOperatorName(s.Operator), string.Join(", ", s.Values)),
            { IpExpression: { } ip } => (PolicyConditionKind.IpExpression, "SENDER_IP", IpOperatorName(ip.Operator), string.Join(", ", ip.Values)),
            { Ipv6Expression: { } ip } => (PolicyConditionKind.Ipv6Expression, "SENDER_IPV6", IpOperatorName(ip.Operator), string.Join(", ", ip.Values)),
            { TlsExpression: { } tls } => (PolicyConditionKind.TlsExpression, "TLS_PROTOCOL",
                tls.Operator == TlsOperator.MinimumTlsVersion ? "MINIMUM_TLS_VERSION" : "IS", tls.Value == TlsVersion.Tls1_3 ? "TLS1_3" : "TLS1_2"),
            { BooleanExpression: { } list } => (PolicyConditionKind.IsInAddressList, "RECIPIENT",
                list.Operator == BooleanOperator.IsTrue ? "IS_TRUE" : "IS_FALSE", list.AddressListId),
            _ => throw new ArgumentException("A policy condition has exactly one member; this one has none.", nameof(condition)),
        };
        return new Expression(kind, attribute, op, value);
    }

    private static string StringOperatorName(StringOperator op) => op switch
    {
        StringOperator.Equals => "EQUALS",
        StringOperator.NotEquals => "NOT_EQUALS",
        StringOperator.StartsWith => "STARTS_WITH",
        StringOperator.EndsWith => "ENDS_WITH",
        _ => "CONTAINS",
    };

    private static string IpOperatorName(IpOperator op) => op == IpOperator.CidrMatches ? "CIDR_MATCHES" : "NOT_CIDR_MATCHES";
}
