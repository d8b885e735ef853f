using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.RuleSets.Conditions;

/// <summary>
/// SES <c>RuleCondition</c>, a union: exactly one member is set, as in the API's JSON, so storage and the SES-compatible
/// API hold the same shape. Used for a rule's <c>Conditions</c> (all must hold) and <c>Unless</c> (none may).
/// SPF, DKIM, DMARC and add-on verdicts have no self-hosted source yet.
/// </summary>
public sealed class RuleCondition
{
    public RuleStringExpression? StringExpression { get; set; }
    public RuleNumberExpression? NumberExpression { get; set; }
    public RuleIpExpression? IpExpression { get; set; }
    public RuleBooleanExpression? BooleanExpression { get; set; }

    /// <summary>How many members are set: a valid condition has exactly one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int MemberCount =>
        (StringExpression is null ? 0 : 1) + (NumberExpression is null ? 0 : 1) + (IpExpression is null ? 0 : 1) + (BooleanExpression is null ? 0 : 1);

    /// <summary>Trims the values in place: validation judges values trimmed, and the compiled rules must match what was judged.</summary>
    public void TrimValues()
    {
        foreach (var values in new[] { StringExpression?.Values, IpExpression?.Values })
        {
            for (int i = 0; values is not null && i < values.Count; i++)
            {
                values[i] = values[i]?.Trim() ?? "";
            }
        }
        if (StringExpression?.Evaluate.MimeHeaderAttribute is { } header)
        {
            StringExpression.Evaluate.MimeHeaderAttribute = header.Trim();
        }
    }
}

/// <summary>SES <c>RuleStringExpression</c>: an envelope attribute, a header, or any <c>X-</c> MIME header.</summary>
public sealed class RuleStringExpression
{
    public RuleStringToEvaluate Evaluate { get; set; } = new();
    public StringOperator Operator { get; set; }
    public List<string> Values { get; set; } = [];
}

/// <summary>SES <c>RuleStringToEvaluate</c>, a union: an attribute or a MIME header name.</summary>
public sealed class RuleStringToEvaluate
{
    public RuleStringEmailAttribute? Attribute { get; set; }

    /// <summary>An <c>X-</c> header's name (<c>X-[a-zA-Z0-9-]{1,256}</c>), compared without regard to case.</summary>
    public string? MimeHeaderAttribute { get; set; }
}

/// <summary>SES <c>RuleStringEmailAttribute</c>.</summary>
public enum RuleStringEmailAttribute
{
    MailFrom,
    Helo,
    Recipient,
    Sender,
    From,
    Subject,
    To,
    Cc,
}

/// <summary>SES <c>RuleNumberExpression</c> on <c>MESSAGE_SIZE</c> (bytes).</summary>
public sealed class RuleNumberExpression
{
    public RuleNumberOperator Operator { get; set; }
    public double Value { get; set; }
}

/// <summary>SES <c>RuleNumberOperator</c>.</summary>
public enum RuleNumberOperator
{
    Equals,
    NotEquals,
    LessThan,
    GreaterThan,
    LessThanOrEqual,
    GreaterThanOrEqual,
}

/// <summary>SES <c>RuleIpExpression</c> on <c>SOURCE_IP</c>: IPv4 and IPv6 CIDR blocks may be mixed.</summary>
public sealed class RuleIpExpression
{
    public IpOperator Operator { get; set; }
    public List<string> Values { get; set; } = [];
}

/// <summary>SES <c>RuleBooleanExpression</c>: a session or message fact, or membership of an address list.</summary>
public sealed class RuleBooleanExpression
{
    public RuleBooleanToEvaluate Evaluate { get; set; } = new();
    public BooleanOperator Operator { get; set; }
}

/// <summary>SES <c>RuleBooleanToEvaluate</c>, a union: an attribute or <c>IsInAddressList</c>.</summary>
public sealed class RuleBooleanToEvaluate
{
    public RuleBooleanEmailAttribute? Attribute { get; set; }
    public RuleIsInAddressList? IsInAddressList { get; set; }
}

/// <summary>SES <c>RuleBooleanEmailAttribute</c>.</summary>
public enum RuleBooleanEmailAttribute
{
    ReadReceiptRequested,
    Tls,
    TlsWrapped,
}

/// <summary>SES <c>RuleIsInAddressList</c>: one list, on an envelope or header address.</summary>
public sealed class RuleIsInAddressList
{
    public RuleAddressListEmailAttribute Attribute { get; set; }
    public string AddressListId { get; set; } = "";
}

/// <summary>SES <c>RuleAddressListEmailAttribute</c>.</summary>
public enum RuleAddressListEmailAttribute
{
    Recipient,
    MailFrom,
    Sender,
    From,
    To,
    Cc,
}
