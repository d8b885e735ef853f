using MailManager.Core.Common;
using MailManager.Core.Conditions;

namespace MailManager.Core.TrafficPolicies;

/// <summary>
/// Checks a traffic policy's statements against SES's shapes and quotas, field by field, so a form can show each
/// message beside its field: keys are <c>PolicyStatements[i]</c>, <c>PolicyStatements[i].Conditions[j]</c> and
/// <c>PolicyStatements[i].Conditions[j].Values[k]</c>. A statement list that passes compiles with
/// <see cref="CompiledTrafficPolicy"/>.
/// </summary>
public static class PolicyStatementValidator
{
    /// <summary>SES quota: policy statements per traffic policy.</summary>
    public const int MaxStatements = 20;

    /// <summary>SES quota: conditions per policy statement.</summary>
    public const int MaxConditions = 10;

    /// <summary>SES <c>Ipv6Cidr</c> is at most 49 characters.</summary>
    public const int MaxIpv6CidrLength = 49;

    /// <summary>Longest string value: an email address (RFC 5321 path limit) is shorter.</summary>
    public const int MaxStringValueLength = 320;

    public const string Field = "PolicyStatements";

    /// <param name="addressListExists">Whether an address list of that ID exists.</param>
    public static ValidationErrors Validate(IReadOnlyList<PolicyStatement> statements, Func<string, bool> addressListExists)
    {
        ValidationErrors errors = new();
        if (statements.Count > MaxStatements)
        {
            errors.Add(Field, $"A traffic policy holds at most {MaxStatements} policy statements.");
        }

        for (int i = 0; i < statements.Count; i++)
        {
            string statement = $"{Field}[{i}]";
            if (!Enum.IsDefined(statements[i].Action))
            {
                errors.Add(statement, "Choose Allow or Deny.");
            }

            if (statements[i].Conditions.Count is 0 or > MaxConditions)
            {
                errors.Add(statement, $"A policy statement has 1 to {MaxConditions} conditions.");
            }

            for (int j = 0; j < statements[i].Conditions.Count; j++)
            {
                ValidateCondition(statements[i].Conditions[j], $"{statement}.Conditions[{j}]", addressListExists, errors);
            }
        }

        return errors;
    }

    private static void ValidateCondition(PolicyCondition condition, string field, Func<string, bool> addressListExists, ValidationErrors errors)
    {
        if (condition.MemberCount != 1)
        {
            errors.Add(field, "Choose one property for the condition.");
            return;
        }

        if (condition.StringExpression is { } text)
        {
            ConditionChecks.Operator(text.Operator, field, errors);
            ConditionChecks.Values(text.Values, field, errors, value => value.Length > MaxStringValueLength ? $"A value has at most {MaxStringValueLength} characters." : null);
        }
        else if (condition.IpExpression is { } ipv4)
        {
            ConditionChecks.Operator(ipv4.Operator, field, errors);
            ConditionChecks.Values(ipv4.Values, field, errors, ConditionChecks.Ipv4Cidr);
        }
        else if (condition.Ipv6Expression is { } ipv6)
        {
            ConditionChecks.Operator(ipv6.Operator, field, errors);
            ConditionChecks.Values(ipv6.Values, field, errors, value => ConditionChecks.Ipv6Cidr(value, MaxIpv6CidrLength));
        }
        else if (condition.TlsExpression is { } tls)
        {
            ConditionChecks.Operator(tls.Operator, field, errors);
            if (!Enum.IsDefined(tls.Value))
            {
                errors.Add(field, "Choose TLS 1.2 or TLS 1.3.");
            }
        }
        else if (condition.BooleanExpression is { } list)
        {
            ConditionChecks.Operator(list.Operator, field, errors);
            ConditionChecks.AddressList(list.AddressListId, field, addressListExists, errors);
        }
    }
}
