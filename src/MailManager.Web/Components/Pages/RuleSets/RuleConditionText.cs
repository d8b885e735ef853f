using System.Globalization;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.TrafficPolicies;

namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// The SES console's wording for rule condition properties and operators (those shared with traffic policies come from
/// <see cref="PolicyStatementText"/>), and conditions as sentences for the detail
/// page ("When From address contains gmail.com", "Except when Subject starts with [bulk]").
/// </summary>
internal static class RuleConditionText
{
    public static string Property(RuleConditionProperty property) => property switch
    {
        RuleConditionProperty.MailFrom => "Mail from",
        RuleConditionProperty.Helo => "Helo",
        RuleConditionProperty.Recipient => "Recipient address",
        RuleConditionProperty.Sender => "Sender",
        RuleConditionProperty.From => "From address",
        RuleConditionProperty.To => "To address",
        RuleConditionProperty.Cc => "CC address",
        RuleConditionProperty.Subject => "Subject",
        RuleConditionProperty.MimeHeader => "MIME header",
        RuleConditionProperty.MessageSize => "Message size",
        RuleConditionProperty.IpRange => "IP range",
        RuleConditionProperty.Tls => "TLS",
        RuleConditionProperty.TlsWrapped => "TLS wrapped",
        RuleConditionProperty.ReadReceiptRequested => "Read receipt requested",
        RuleConditionProperty.IsInAddressList => "Is in address list",
        _ => property.ToString(),
    };

    public static string Attribute(RuleAddressListEmailAttribute attribute) => attribute switch
    {
        RuleAddressListEmailAttribute.Recipient => "Recipient address",
        RuleAddressListEmailAttribute.MailFrom => "Mail from",
        RuleAddressListEmailAttribute.Sender => "Sender",
        RuleAddressListEmailAttribute.From => "From address",
        RuleAddressListEmailAttribute.To => "To address",
        RuleAddressListEmailAttribute.Cc => "CC address",
        _ => attribute.ToString(),
    };

    public static string Operator(StringOperator op) => PolicyStatementText.Operator(op);

    public static string Operator(RuleNumberOperator op) => op switch
    {
        RuleNumberOperator.Equals => "=",
        RuleNumberOperator.NotEquals => "≠",
        RuleNumberOperator.LessThan => "<",
        RuleNumberOperator.GreaterThan => ">",
        RuleNumberOperator.LessThanOrEqual => "≤",
        RuleNumberOperator.GreaterThanOrEqual => "≥",
        _ => op.ToString(),
    };

    public static string Operator(IpOperator op) => PolicyStatementText.Operator(op);

    public static string Operator(BooleanOperator op) => PolicyStatementText.Operator(op);

    /// <summary>What a rule's conditions say: "When A and B", or that it applies to every recipient.</summary>
    public static string When(Rule rule, Func<string, string> addressListName) => rule.Conditions.Count == 0
        ? "For every recipient"
        : $"When {string.Join(" and ", rule.Conditions.Select(c => Condition(c, addressListName)))}";

    /// <summary>What a rule's exceptions say ("Except when A or B"): any one of them keeps the rule from applying.</summary>
    public static string? Except(Rule rule, Func<string, string> addressListName) => rule.Unless.Count == 0
        ? null
        : $"Except when {string.Join(" or ", rule.Unless.Select(c => Condition(c, addressListName)))}";

    public static string Condition(RuleCondition condition, Func<string, string> addressListName)
    {
        var property = RuleConditionProperties.Of(condition);
        if (condition.StringExpression is { } text && property is { } stringProperty)
        {
            var subject = stringProperty == RuleConditionProperty.MimeHeader ? $"MIME header {text.Evaluate.MimeHeaderAttribute}" : Property(stringProperty);
            var verb = text.Operator switch
            {
                StringOperator.Equals => "equals",
                StringOperator.NotEquals => "does not equal",
                StringOperator.StartsWith => "starts with",
                StringOperator.EndsWith => "ends with",
                _ => "contains",
            };
            return $"{subject} {verb} {AnyOf(text.Values)}";
        }
        if (condition.NumberExpression is { } size)
        {
            var verb = size.Operator switch
            {
                RuleNumberOperator.Equals => "is",
                RuleNumberOperator.NotEquals => "is not",
                RuleNumberOperator.LessThan => "is less than",
                RuleNumberOperator.GreaterThan => "is greater than",
                RuleNumberOperator.LessThanOrEqual => "is at most",
                _ => "is at least",
            };
            return $"Message size {verb} {size.Value.ToString("N0", CultureInfo.InvariantCulture)} bytes";
        }
        if (condition.IpExpression is { } ip)
        {
            return $"IP range {(ip.Operator == IpOperator.CidrMatches ? "CIDR matches" : "does not match CIDR")} {AnyOf(ip.Values)}";
        }
        if (condition.BooleanExpression is { } flag && property is { } booleanProperty)
        {
            if (flag.Evaluate.IsInAddressList is { } list)
            {
                return $"{Attribute(list.Attribute)} {(flag.Operator == BooleanOperator.IsTrue ? "is" : "is not")} in address list {addressListName(list.AddressListId)}";
            }
            return $"{Property(booleanProperty)} is {(flag.Operator == BooleanOperator.IsTrue ? "true" : "false")}";
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
