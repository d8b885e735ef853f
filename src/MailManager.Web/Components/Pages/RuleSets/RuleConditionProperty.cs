using MailManager.Core.RuleSets.Conditions;

namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// The properties a rule condition looks at, as the SES console lists them. Each is one member of the
/// <see cref="RuleCondition"/> union with, for strings and booleans, the attribute it evaluates.
/// </summary>
public enum RuleConditionProperty
{
    MailFrom,
    Helo,
    Recipient,
    Sender,
    From,
    To,
    Cc,
    Subject,
    MimeHeader,
    MessageSize,
    IpRange,
    Tls,
    TlsWrapped,
    ReadReceiptRequested,
    IsInAddressList,
}

/// <summary>Reads and sets a condition's property: which union member is set, and what it evaluates.</summary>
public static class RuleConditionProperties
{
    public static RuleConditionProperty? Of(RuleCondition condition)
    {
        if (condition.MemberCount != 1)
        {
            return null;
        }
        if (condition.StringExpression is { Evaluate: var text })
        {
            return text switch
            {
                { Attribute: { } attribute } => attribute switch
                {
                    RuleStringEmailAttribute.MailFrom => RuleConditionProperty.MailFrom,
                    RuleStringEmailAttribute.Helo => RuleConditionProperty.Helo,
                    RuleStringEmailAttribute.Recipient => RuleConditionProperty.Recipient,
                    RuleStringEmailAttribute.Sender => RuleConditionProperty.Sender,
                    RuleStringEmailAttribute.From => RuleConditionProperty.From,
                    RuleStringEmailAttribute.To => RuleConditionProperty.To,
                    RuleStringEmailAttribute.Cc => RuleConditionProperty.Cc,
                    RuleStringEmailAttribute.Subject => RuleConditionProperty.Subject,
                    _ => null,
                },
                { MimeHeaderAttribute: not null } => RuleConditionProperty.MimeHeader,
                _ => null,
            };
        }
        if (condition.NumberExpression is not null)
        {
            return RuleConditionProperty.MessageSize;
        }
        if (condition.IpExpression is not null)
        {
            return RuleConditionProperty.IpRange;
        }
        return condition.BooleanExpression!.Evaluate switch
        {
            { IsInAddressList: not null } => RuleConditionProperty.IsInAddressList,
            { Attribute: RuleBooleanEmailAttribute.Tls } => RuleConditionProperty.Tls,
            { Attribute: RuleBooleanEmailAttribute.TlsWrapped } => RuleConditionProperty.TlsWrapped,
            { Attribute: RuleBooleanEmailAttribute.ReadReceiptRequested } => RuleConditionProperty.ReadReceiptRequested,
            _ => null,
        };
    }

    /// <summary>The string attribute a property evaluates; null when it is not a string property with an attribute.</summary>
    public static RuleStringEmailAttribute? StringAttribute(RuleConditionProperty property) => property switch
    {
        RuleConditionProperty.MailFrom => RuleStringEmailAttribute.MailFrom,
        RuleConditionProperty.Helo => RuleStringEmailAttribute.Helo,
        RuleConditionProperty.Recipient => RuleStringEmailAttribute.Recipient,
        RuleConditionProperty.Sender => RuleStringEmailAttribute.Sender,
        RuleConditionProperty.From => RuleStringEmailAttribute.From,
        RuleConditionProperty.To => RuleStringEmailAttribute.To,
        RuleConditionProperty.Cc => RuleStringEmailAttribute.Cc,
        RuleConditionProperty.Subject => RuleStringEmailAttribute.Subject,
        _ => null,
    };

    public static RuleBooleanEmailAttribute? BooleanAttribute(RuleConditionProperty property) => property switch
    {
        RuleConditionProperty.Tls => RuleBooleanEmailAttribute.Tls,
        RuleConditionProperty.TlsWrapped => RuleBooleanEmailAttribute.TlsWrapped,
        RuleConditionProperty.ReadReceiptRequested => RuleBooleanEmailAttribute.ReadReceiptRequested,
        _ => null,
    };
}
