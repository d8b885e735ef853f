using MailManager.Core.Conditions;

namespace MailManager.Core.TrafficPolicies;

/// <summary>SES <c>PolicyStatement</c>: when all its conditions hold for a recipient, its action applies.</summary>
public sealed class PolicyStatement
{
    public List<PolicyCondition> Conditions { get; set; } = [];
    public AcceptAction Action { get; set; }
}

/// <summary>
/// SES <c>PolicyCondition</c>, a union: exactly one of its members is set, as in the API's JSON, so storage and the
/// SES-compatible API hold the same shape. Add-on analysis (<c>Analysis</c>) has no self-hosted counterpart.
/// </summary>
public sealed class PolicyCondition
{
    public IngressStringExpression? StringExpression { get; set; }
    public IngressIpExpression? IpExpression { get; set; }
    public IngressIpExpression? Ipv6Expression { get; set; }
    public IngressTlsProtocolExpression? TlsExpression { get; set; }
    public IngressBooleanExpression? BooleanExpression { get; set; }

    /// <summary>How many members are set: a valid condition has exactly one.</summary>
    public int MemberCount =>
        (StringExpression is null ? 0 : 1) + (IpExpression is null ? 0 : 1) + (Ipv6Expression is null ? 0 : 1)
        + (TlsExpression is null ? 0 : 1) + (BooleanExpression is null ? 0 : 1);

    /// <summary>
    /// Trims the values' surrounding white space in place: validation judges values trimmed, and the compiled policy
    /// must match what was judged.
    /// </summary>
    public void TrimValues()
    {
        foreach (var values in new[] { StringExpression?.Values, IpExpression?.Values, Ipv6Expression?.Values })
        {
            for (int i = 0; values is not null && i < values.Count; i++)
            {
                values[i] = values[i]?.Trim() ?? "";
            }
        }
    }
}

/// <summary>SES <c>IngressStringExpression</c> on <c>RECIPIENT</c>, the only attribute traffic policies offer.</summary>
public sealed class IngressStringExpression
{
    public StringOperator Operator { get; set; }
    public List<string> Values { get; set; } = [];
}

/// <summary>SES <c>IngressIpv4Expression</c> / <c>IngressIpv6Expression</c> on the sender's IP address.</summary>
public sealed class IngressIpExpression
{
    public IpOperator Operator { get; set; }
    public List<string> Values { get; set; } = [];
}

/// <summary>SES <c>IngressIpOperator</c>.</summary>
public enum IpOperator
{
    CidrMatches,
    NotCidrMatches,
}

/// <summary>SES <c>IngressTlsProtocolExpression</c> on the session's TLS protocol.</summary>
public sealed class IngressTlsProtocolExpression
{
    public TlsOperator Operator { get; set; }
    public TlsVersion Value { get; set; }
}

/// <summary>SES <c>IngressBooleanExpression</c> with <c>IsInAddressList</c> on <c>RECIPIENT</c> (one list).</summary>
public sealed class IngressBooleanExpression
{
    public BooleanOperator Operator { get; set; }
    public string AddressListId { get; set; } = "";
}

/// <summary>SES <c>IngressBooleanOperator</c>.</summary>
public enum BooleanOperator
{
    IsTrue,
    IsFalse,
}
