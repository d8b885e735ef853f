using System.Net.Sockets;
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
            CheckDefined(text.Operator, field, errors);
            CheckValues(text.Values, field, errors, value => value.Length > MaxStringValueLength ? $"A value has at most {MaxStringValueLength} characters." : null);
        }
        else if (condition.IpExpression is { } ipv4)
        {
            CheckDefined(ipv4.Operator, field, errors);
            CheckValues(ipv4.Values, field, errors, value => CidrSet.IsValid(AddressFamily.InterNetwork, value) ? null : $"'{value}' is not an IPv4 CIDR range such as 192.0.2.0/24.");
        }
        else if (condition.Ipv6Expression is { } ipv6)
        {
            CheckDefined(ipv6.Operator, field, errors);
            CheckValues(ipv6.Values, field, errors, value => value.Length <= MaxIpv6CidrLength && CidrSet.IsValid(AddressFamily.InterNetworkV6, value)
                ? null
                : $"'{value}' is not an IPv6 CIDR range such as 2001:db8::/32.");
        }
        else if (condition.TlsExpression is { } tls)
        {
            CheckDefined(tls.Operator, field, errors);
            if (!Enum.IsDefined(tls.Value))
            {
                errors.Add(field, "Choose TLS 1.2 or TLS 1.3.");
            }
        }
        else if (condition.BooleanExpression is { } list)
        {
            CheckDefined(list.Operator, field, errors);
            if (string.IsNullOrWhiteSpace(list.AddressListId))
            {
                errors.Add(field, "Choose an address list.");
            }
            else if (!addressListExists(list.AddressListId))
            {
                errors.Add(field, $"Address list {list.AddressListId} does not exist.");
            }
        }
    }

    private static void CheckDefined<T>(T @operator, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (!Enum.IsDefined(@operator))
        {
            errors.Add(field, "Choose an operator.");
        }
    }

    private static void CheckValues(List<string> values, string field, ValidationErrors errors, Func<string, string?> check)
    {
        if (values.Count == 0)
        {
            errors.Add(field, "Enter at least one value.");
        }

        for (int k = 0; k < values.Count; k++)
        {
            string? message = string.IsNullOrWhiteSpace(values[k]) ? "Enter a value." : check(values[k].Trim());
            if (message is not null)
            {
                errors.Add($"{field}.Values[{k}]", message);
            }
        }
    }
}
