using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

/// <summary>
/// The SES console's wording for condition properties and operators, and a statement as one readable sentence
/// ("Deny when Sender IP range CIDR matches 10.0.0.0/8 and Recipient address ends with @example.com") for the detail page.
/// </summary>
internal static class PolicyStatementText
{
    public static string Property(ConditionProperty property) => property switch
    {
        ConditionProperty.RecipientAddress => "Recipient address",
        ConditionProperty.SenderIpRange => "Sender IP range",
        ConditionProperty.SenderIpv6Range => "Sender IPv6 range",
        ConditionProperty.TlsProtocolVersion => "TLS protocol version",
        ConditionProperty.RecipientInAddressList => "Recipient address is in address list",
        _ => property.ToString(),
    };

    public static string Operator(StringOperator op) => op switch
    {
        StringOperator.Equals => "Equals",
        StringOperator.NotEquals => "Not equals",
        StringOperator.StartsWith => "Starts with",
        StringOperator.EndsWith => "Ends with",
        StringOperator.Contains => "Contains",
        _ => op.ToString(),
    };

    public static string Operator(IpOperator op) => op == IpOperator.CidrMatches ? "CIDR matches" : "Does not match CIDR";

    public static string Operator(TlsOperator op) => op == TlsOperator.MinimumTlsVersion ? "Minimum version" : "Is";

    public static string Operator(BooleanOperator op) => op == BooleanOperator.IsTrue ? "Is true" : "Is false";

    public static string Version(TlsVersion version) => version == TlsVersion.Tls1_3 ? "TLS 1.3" : "TLS 1.2";

    public static string Action(AcceptAction action) => action == AcceptAction.Allow ? "Allow" : "Deny";

    /// <summary>The statement as a sentence; <paramref name="addressListName"/> names a list by its ID (the ID itself when unknown).</summary>
    public static string Sentence(PolicyStatement statement, Func<string, string> addressListName) =>
        $"{Action(statement.Action)} when {string.Join(" and ", statement.Conditions.Select(c => Condition(c, addressListName)))}";

    public static string Condition(PolicyCondition condition, Func<string, string> addressListName)
    {
        if (condition.StringExpression is { } text)
        {
            var verb = text.Operator switch
            {
                StringOperator.Equals => "equals",
                StringOperator.NotEquals => "does not equal",
                StringOperator.StartsWith => "starts with",
                StringOperator.EndsWith => "ends with",
                _ => "contains",
            };
            return $"Recipient address {verb} {AnyOf(text.Values)}";
        }
        if ((condition.IpExpression ?? condition.Ipv6Expression) is { } ip)
        {
            var property = condition.IpExpression is null ? "Sender IPv6 range" : "Sender IP range";
            var verb = ip.Operator == IpOperator.CidrMatches ? "CIDR matches" : "does not match CIDR";
            return $"{property} {verb} {AnyOf(ip.Values)}";
        }
        if (condition.TlsExpression is { } tls)
        {
            return $"TLS protocol version {(tls.Operator == TlsOperator.MinimumTlsVersion ? "is at least" : "is")} {Version(tls.Value)}";
        }
        if (condition.BooleanExpression is { } list)
        {
            return $"Recipient address {(list.Operator == BooleanOperator.IsTrue ? "is" : "is not")} in address list {addressListName(list.AddressListId)}";
        }
        return "(no property)";
    }

    // Several values of one condition: any one may match ("does not" ones: none may).
    private static string AnyOf(IReadOnlyList<string> values) => values.Count switch
    {
        0 => "(no value)",
        1 => values[0],
        _ => $"{string.Join(", ", values.Take(values.Count - 1))} or {values[^1]}",
    };
}
