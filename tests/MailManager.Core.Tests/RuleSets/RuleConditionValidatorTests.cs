using MailManager.Core.Common;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.RuleSets;

public sealed class RuleConditionValidatorTests
{
    private static RuleCondition Text(string? header, params string[] values) => new()
    {
        StringExpression = new()
        {
            Evaluate = header is null ? new() { Attribute = RuleStringEmailAttribute.Subject } : new() { MimeHeaderAttribute = header },
            Operator = StringOperator.Contains,
            Values = [.. values],
        },
    };

    private static RuleCondition Ip(params string[] blocks) => new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = [.. blocks] } };

    private static RuleCondition InList(string id) => new()
    {
        BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.From, AddressListId = id } } },
    };

    public static TheoryData<string, RuleCondition, string?, string?> Cases() => new()
    {
        // name, condition, the field with an error (null: valid), part of its message
        { "subject contains", Text(null, "invoice"), null, null },
        { "an X- header", Text("X-Spam-Flag", "YES"), null, null },
        { "not an X- header", Text("Subject", "x"), "Rules[0].Conditions[0]", "is not an X- header name" },
        { "no values", Text(null), "Rules[0].Conditions[0]", "at least one value" },
        { "eleven values", Text(null, [.. Enumerable.Range(0, 11).Select(i => $"v{i}")]), "Rules[0].Conditions[0]", "at most 10 values" },
        { "an empty value", Text(null, "a", " "), "Rules[0].Conditions[0].Values[1]", "Enter a value." },
        { "a value too long", Text(null, new string('a', 4097)), "Rules[0].Conditions[0].Values[0]", "at most 4096 characters" },
        { "IPv4 and IPv6 blocks together", Ip("192.0.2.0/24", "2001:db8::/32"), null, null },
        { "a bad IPv4 block", Ip("192.0.2.0/33"), "Rules[0].Conditions[0].Values[0]", "is not an IPv4 CIDR range" },
        { "a bad IPv6 block", Ip("2001:db8::/129"), "Rules[0].Conditions[0].Values[0]", "is not an IPv6 CIDR range" },
        { "negative size", new() { NumberExpression = new() { Operator = RuleNumberOperator.LessThan, Value = -1 } }, "Rules[0].Conditions[0]", "size in bytes" },
        { "size", new() { NumberExpression = new() { Operator = RuleNumberOperator.GreaterThanOrEqual, Value = 1_000_000 } }, null, null },
        { "TLS flag", new() { BooleanExpression = new() { Evaluate = new() { Attribute = RuleBooleanEmailAttribute.Tls } } }, null, null },
        { "a known list", InList("al-known"), null, null },
        { "an unknown list", InList("al-gone"), "Rules[0].Conditions[0]", "does not exist" },
        { "no list chosen", InList(""), "Rules[0].Conditions[0]", "Choose an address list." },
        { "no property", new(), "Rules[0].Conditions[0]", "Choose one property" },
        { "two properties", new() { IpExpression = Ip("10.0.0.0/8").IpExpression, NumberExpression = new() }, "Rules[0].Conditions[0]", "Choose one property" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conditions_are_checked_field_by_field(string name, RuleCondition condition, string? field, string? message)
    {
        ValidationErrors errors = new();

        RuleConditionValidator.Validate(new RuleConditions([condition], []), "Rules[0]", id => id == "al-known", errors);

        if (field is null)
        {
            Assert.True(errors.IsValid, $"{name}: {errors}");
        }
        else
        {
            Assert.True(errors.ByField.ContainsKey(field), $"{name}: {errors}");
            Assert.Contains(errors.ByField[field], m => m.Contains(message!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Exceptions_have_their_own_keys_and_limit()
    {
        ValidationErrors errors = new();

        RuleConditionValidator.Validate(new RuleConditions([], [.. Enumerable.Range(0, 11).Select(_ => Ip("10.0.0.0/8")), Ip("bad")]), "Rules[3]", _ => true, errors);

        Assert.Equal(["A rule has at most 10 exceptions."], errors.ByField["Rules[3].Unless"]);
        Assert.Contains("Rules[3].Unless[11].Values[0]", errors.ByField.Keys);
    }

    [Fact]
    public void Conditions_that_pass_compile()
    {
        List<RuleCondition> valid = [Text(null, "invoice"), Text("X-Spam-Flag", "YES"), Ip("192.0.2.0/24", "2001:db8::/32"), InList("al-known")];
        ValidationErrors errors = new();
        RuleConditionValidator.Validate(new RuleConditions(valid, []), "Rules[0]", id => id == "al-known", errors);
        Assert.True(errors.IsValid, errors.ToString());

        var compiled = CompiledRuleConditions.Compile([new RuleConditions(valid, [])], _ => new AddressListMatcher(["a@example.com"]));
        Assert.Equal(1, compiled.RuleCount);
    }
}
