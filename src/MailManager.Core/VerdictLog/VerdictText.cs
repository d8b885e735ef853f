using System.Globalization;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.VerdictLog;

/// <summary>
/// The verdict log in the console's words (SES's condition labels): why a recipient was accepted or refused, in one
/// line an administrator reads at a glance. Statements are numbered from 1, as the console shows them.
/// </summary>
public static class VerdictText
{
    /// <summary>"Policy statement 2 (Deny)", "Default action (Deny)", "Message size over the maximum (Deny)".</summary>
    public static string Decision(RecipientVerdictEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var action = Action(entry.Action);
        return entry.DecidedBy switch
        {
            VerdictDecidedBy.PolicyStatement => $"Policy statement {entry.StatementIndex + 1} ({action})",
            VerdictDecidedBy.DefaultAction => $"Default action ({action})",
            VerdictDecidedBy.NoTrafficPolicy => "No traffic policy (Deny)",
            VerdictDecidedBy.MessageSize => string.Create(CultureInfo.InvariantCulture,
                $"Message size {entry.ReceivedMessageSize:N0} bytes over the maximum of {entry.AllowedMessageSize:N0} bytes (Deny)"),
            _ => $"Message refused at DATA: {entry.DataRefusal} (Deny)",
        };
    }

    public static string Verdict(TrafficPolicyVerdictValue verdict) => verdict == TrafficPolicyVerdictValue.Accept ? "Accepted" : "Refused";

    public static string Action(AcceptAction action) => action == AcceptAction.Allow ? "Allow" : "Deny";

    /// <summary>
    /// "Sender IP range CIDR matches 127.0.0.0/8: true". <paramref name="addressListName"/> names an address list by
    /// its ID (the log keeps the ID: a list may be renamed or deleted later); without it the ID is shown.
    /// </summary>
    public static string Condition(ConditionEvaluation condition) => Condition(condition, _ => null);

    /// <inheritdoc cref="Condition(ConditionEvaluation)"/>
    public static string Condition(ConditionEvaluation condition, Func<string, string?> addressListName)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var result = condition.ExpressionResult ? "true" : "false";
        // "... is in address list staff Is true": the list is named before the operator, which reads naturally.
        return condition.Kind == PolicyConditionKind.IsInAddressList
            ? $"{Property(condition.Kind)} {addressListName(condition.Value) ?? condition.Value} {Operator(condition.Operator)}: {result}"
            : $"{Property(condition.Kind)} {Operator(condition.Operator)} {ValueText(condition)}: {result}";
    }

    public static string Property(PolicyConditionKind kind) => kind switch
    {
        PolicyConditionKind.StringExpression => "Recipient address",
        PolicyConditionKind.IpExpression => "Sender IP range",
        PolicyConditionKind.Ipv6Expression => "Sender IPv6 range",
        PolicyConditionKind.TlsExpression => "TLS protocol version",
        _ => "Recipient address is in address list",
    };

    public static string Operator(string sesOperator) => sesOperator switch
    {
        "EQUALS" => "Equals",
        "NOT_EQUALS" => "Not equals",
        "STARTS_WITH" => "Starts with",
        "ENDS_WITH" => "Ends with",
        "CONTAINS" => "Contains",
        "CIDR_MATCHES" => "CIDR matches",
        "NOT_CIDR_MATCHES" => "Does not CIDR match",
        "MINIMUM_TLS_VERSION" => "Minimum version",
        "IS" => "Is",
        "IS_TRUE" => "Is true",
        "IS_FALSE" => "Is false",
        _ => sesOperator,
    };

    private static string ValueText(ConditionEvaluation condition) => condition.Kind switch
    {
        PolicyConditionKind.TlsExpression => condition.Value == "TLS1_3" ? "TLS 1.3" : "TLS 1.2",
        _ => condition.Value,
    };

    /// <summary>The session's authentication in one phrase.</summary>
    public static string Authentication(SessionLogEntry session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var failed = session.FailedAuthAttempts switch
        {
            0 => null,
            1 => "1 failed attempt",
            var n => $"{n} failed attempts",
        };
        return (session.AuthenticatedUser, failed) switch
        {
            ({ } user, null) => $"Succeeded as {user}",
            ({ } user, { } f) => $"Succeeded as {user} after {f}",
            (null, { } f) => $"Failed ({f})",
            _ => "None",
        };
    }

    public static string EndReason(SessionEndReason reason) => reason switch
    {
        SessionEndReason.Quit => "Client sent QUIT",
        SessionEndReason.ClientDisconnected => "Client disconnected without QUIT",
        SessionEndReason.ConnectionRefused => "Connection refused",
        SessionEndReason.ServerError => "Server error",
        SessionEndReason.Timeout => "Timed out",
        SessionEndReason.ShuttingDown => "Server shutting down",
        SessionEndReason.TooManyFailedAuthentications => "Too many failed authentication attempts",
        _ => "TLS handshake failed",
    };
}
