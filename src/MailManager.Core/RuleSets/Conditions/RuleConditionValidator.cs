using System.Text.RegularExpressions;
using MailManager.Core.Common;
using MailManager.Core.Conditions;

namespace MailManager.Core.RuleSets.Conditions;

/// <summary>
/// Checks a rule's conditions and exceptions (SES <c>Rule.Conditions</c> and <c>Rule.Unless</c>) against the
/// <c>RuleCondition</c> shapes and limits, field by field: keys are <c>{rule}.Conditions[j]</c> or
/// <c>{rule}.Unless[j]</c> and their <c>.Values[k]</c>. Conditions that pass compile with
/// <see cref="CompiledRuleConditions"/>.
/// </summary>
public static partial class RuleConditionValidator
{
    /// <summary>SES model: 0 to 10 conditions, and 0 to 10 exceptions, per rule.</summary>
    public const int MaxConditions = 10;

    /// <summary>SES model: 1 to 10 values per string or IP condition.</summary>
    public const int MaxValues = 10;

    /// <summary>SES model: a string value is 1 to 4,096 characters.</summary>
    public const int MaxStringValueLength = 4096;

    /// <summary>SES model: an IP condition's CIDR block is 1 to 43 characters.</summary>
    public const int MaxCidrLength = 43;

    /// <param name="rule">The rule's key, e.g. <c>Rules[2]</c>.</param>
    /// <param name="addressListExists">Whether an address list of that ID exists.</param>
    public static void Validate(RuleConditions conditions, string rule, Func<string, bool> addressListExists, ValidationErrors errors)
    {
        Check(conditions.Conditions, $"{rule}.Conditions", "conditions", addressListExists, errors);
        Check(conditions.Unless, $"{rule}.Unless", "exceptions", addressListExists, errors);
    }

    private static void Check(IReadOnlyList<RuleCondition> list, string field, string what, Func<string, bool> addressListExists, ValidationErrors errors)
    {
        if (list.Count > MaxConditions)
        {
            errors.Add(field, $"A rule has at most {MaxConditions} {what}.");
        }

        for (int j = 0; j < list.Count; j++)
        {
            Condition(list[j], $"{field}[{j}]", addressListExists, errors);
        }
    }

    private static void Condition(RuleCondition condition, string field, Func<string, bool> addressListExists, ValidationErrors errors)
    {
        if (condition.MemberCount != 1)
        {
            errors.Add(field, "Choose one property for the condition.");
            return;
        }

        if (condition.StringExpression is { } text)
        {
            switch (text.Evaluate)
            {
                case { Attribute: { } attribute, MimeHeaderAttribute: null } when Enum.IsDefined(attribute):
                    break;
                case { Attribute: null, MimeHeaderAttribute: { } header } when MimeHeaderName().IsMatch(header):
                    break;
                case { Attribute: null, MimeHeaderAttribute: { Length: > 0 } header }:
                    errors.Add(field, $"'{header}' is not an X- header name (X- followed by letters, digits and hyphens).");
                    break;
                case { Attribute: null, MimeHeaderAttribute: "" }:
                    errors.Add(field, "Enter an X- header name, e.g. X-Spam-Flag.");
                    break;
                default:
                    errors.Add(field, "Choose a property.");
                    break;
            }

            ConditionChecks.Operator(text.Operator, field, errors);
            ConditionChecks.Values(text.Values, field, errors,
                value => value.Length > MaxStringValueLength ? $"A value has at most {MaxStringValueLength} characters." : null, MaxValues);
        }
        else if (condition.NumberExpression is { } size)
        {
            ConditionChecks.Operator(size.Operator, field, errors);
            if (!double.IsFinite(size.Value) || size.Value < 0)
            {
                errors.Add(field, "Enter a size in bytes (0 or more).");
            }
        }
        else if (condition.IpExpression is { } ip)
        {
            ConditionChecks.Operator(ip.Operator, field, errors);
            ConditionChecks.Values(ip.Values, field, errors, value => value.Contains(':', StringComparison.Ordinal)
                ? ConditionChecks.Ipv6Cidr(value, MaxCidrLength)
                : ConditionChecks.Ipv4Cidr(value), MaxValues);
        }
        else
        {
            RuleBooleanExpression flag = condition.BooleanExpression!;
            ConditionChecks.Operator(flag.Operator, field, errors);
            switch (flag.Evaluate)
            {
                case { Attribute: { } attribute, IsInAddressList: null } when Enum.IsDefined(attribute):
                    break;
                case { Attribute: null, IsInAddressList: { } list } when Enum.IsDefined(list.Attribute):
                    ConditionChecks.AddressList(list.AddressListId, field, addressListExists, errors);
                    break;
                default:
                    errors.Add(field, "Choose a property.");
                    break;
            }
        }
    }

    // SES MimeHeaderAttribute: "X-" then 1 to 256 letters, digits and hyphens.
    [GeneratedRegex("^X-[a-zA-Z0-9-]{1,256}$")]
    private static partial Regex MimeHeaderName();
}
