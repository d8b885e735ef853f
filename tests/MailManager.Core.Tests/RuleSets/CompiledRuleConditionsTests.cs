using System.Net;
using System.Net.Sockets;
using CsCheck;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.RuleSets;

public sealed class CompiledRuleConditionsTests
{
    private static readonly AddressListMatcher Vip = new(["boss@example.com", "*@board.example.com"]);

    private static AddressListMatcher? List(string id) => id == "al-vip" ? Vip : null;

    private static readonly MessageFacts Message = new()
    {
        MailFrom = "Alice@Gmail.com",
        Helo = "mx.gmail.com",
        SourceIp = IPAddress.Parse("::ffff:192.0.2.10"),
        Tls = true,
        SizeBytes = 2048,
        From = ["alice@gmail.com"],
        To = ["team@example.com", "boss@example.com"],
        Cc = [],
        Subject = "Quarterly report ✓",
        MimeHeaders = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["X-Spam-Flag"] = ["YES"] },
    };

    private static RuleCondition Text(RuleStringEmailAttribute attribute, StringOperator op, params string[] values) =>
        new() { StringExpression = new() { Evaluate = new() { Attribute = attribute }, Operator = op, Values = [.. values] } };

    private static RuleCondition Header(string name, StringOperator op, params string[] values) =>
        new() { StringExpression = new() { Evaluate = new() { MimeHeaderAttribute = name }, Operator = op, Values = [.. values] } };

    private static RuleCondition Size(RuleNumberOperator op, double value) => new() { NumberExpression = new() { Operator = op, Value = value } };

    private static RuleCondition Ip(IpOperator op, params string[] blocks) => new() { IpExpression = new() { Operator = op, Values = [.. blocks] } };

    private static RuleCondition Flag(RuleBooleanEmailAttribute attribute, BooleanOperator op) =>
        new() { BooleanExpression = new() { Evaluate = new() { Attribute = attribute }, Operator = op } };

    private static RuleCondition InList(RuleAddressListEmailAttribute attribute, BooleanOperator op) =>
        new() { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = attribute, AddressListId = "al-vip" } }, Operator = op } };

    public static TheoryData<string, RuleCondition, bool> Conditions() => new()
    {
        // name, condition, holds for Message and recipient "bob+news@example.com"
        { "Mail from contains gmail.com, case ignored", Text(RuleStringEmailAttribute.MailFrom, StringOperator.Contains, "gmail.com"), true },
        { "Helo ends with", Text(RuleStringEmailAttribute.Helo, StringOperator.EndsWith, ".gmail.com"), true },
        { "Recipient as received, +tag included", Text(RuleStringEmailAttribute.Recipient, StringOperator.Equals, "bob@example.com"), false },
        { "Recipient starts with", Text(RuleStringEmailAttribute.Recipient, StringOperator.StartsWith, "bob+"), true },
        { "To: any address matches", Text(RuleStringEmailAttribute.To, StringOperator.Equals, "boss@example.com"), true },
        { "To not equals: true only when no address equals", Text(RuleStringEmailAttribute.To, StringOperator.NotEquals, "boss@example.com"), false },
        { "To not equals another address", Text(RuleStringEmailAttribute.To, StringOperator.NotEquals, "nobody@example.com"), true },
        { "CC absent: equals fails", Text(RuleStringEmailAttribute.Cc, StringOperator.Equals, "x@example.com"), false },
        { "CC absent: not equals holds", Text(RuleStringEmailAttribute.Cc, StringOperator.NotEquals, "x@example.com"), true },
        { "Sender absent: contains fails", Text(RuleStringEmailAttribute.Sender, StringOperator.Contains, "@"), false },
        { "Subject decoded, any value", Text(RuleStringEmailAttribute.Subject, StringOperator.Contains, "invoice", "REPORT ✓"), true },
        { "X- header, name case ignored", Header("x-spam-flag", StringOperator.Equals, "yes"), true },
        { "absent X- header", Header("X-Other", StringOperator.Equals, "yes"), false },
        { "absent X- header, not equals", Header("X-Other", StringOperator.NotEquals, "yes"), true },
        { "size =", Size(RuleNumberOperator.Equals, 2048), true },
        { "size ≠", Size(RuleNumberOperator.NotEquals, 2048), false },
        { "size <", Size(RuleNumberOperator.LessThan, 2048), false },
        { "size ≤", Size(RuleNumberOperator.LessThanOrEqual, 2048), true },
        { "size >", Size(RuleNumberOperator.GreaterThan, 1000.5), true },
        { "size ≥", Size(RuleNumberOperator.GreaterThanOrEqual, 2049), false },
        { "IP range of a mapped IPv4 source", Ip(IpOperator.CidrMatches, "192.0.2.0/24"), true },
        { "IP ranges of both families in one condition", Ip(IpOperator.CidrMatches, "2001:db8::/32", "192.0.2.10/32"), true },
        { "IP does not match any of both families", Ip(IpOperator.NotCidrMatches, "2001:db8::/32", "192.0.2.0/24"), false },
        { "IP does not match", Ip(IpOperator.NotCidrMatches, "10.0.0.0/8", "::1/128"), true },
        { "TLS is true", Flag(RuleBooleanEmailAttribute.Tls, BooleanOperator.IsTrue), true },
        { "TLS wrapped is false", Flag(RuleBooleanEmailAttribute.TlsWrapped, BooleanOperator.IsFalse), true },
        { "read receipt is true", Flag(RuleBooleanEmailAttribute.ReadReceiptRequested, BooleanOperator.IsTrue), false },
        { "a To address is in the list", InList(RuleAddressListEmailAttribute.To, BooleanOperator.IsTrue), true },
        { "From is not in the list", InList(RuleAddressListEmailAttribute.From, BooleanOperator.IsFalse), true },
        { "the recipient is in the list", InList(RuleAddressListEmailAttribute.Recipient, BooleanOperator.IsTrue), false },
        { "absent CC is in no list", InList(RuleAddressListEmailAttribute.Cc, BooleanOperator.IsTrue), false },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void Each_condition_kind_and_operator(string name, RuleCondition condition, bool holds)
    {
        var compiled = CompiledRuleConditions.Compile([new RuleConditions([condition], [])], List);

        Assert.True(holds == compiled.For(Message).Applies(0, "bob+news@example.com"), name);
        Assert.Equal(holds, compiled.For(Message).Explain(0, "bob+news@example.com").Conditions.Single());
    }

    [Fact]
    public void All_conditions_must_hold_and_no_exception_may()
    {
        var gmail = Text(RuleStringEmailAttribute.MailFrom, StringOperator.Contains, "gmail.com");
        var vipRecipient = InList(RuleAddressListEmailAttribute.Recipient, BooleanOperator.IsTrue);
        var compiled = CompiledRuleConditions.Compile(
        [
            new RuleConditions([], []),
            new RuleConditions([gmail, Size(RuleNumberOperator.LessThan, 10)], []),
            new RuleConditions([gmail], [vipRecipient]),
            new RuleConditions([], [vipRecipient, Flag(RuleBooleanEmailAttribute.Tls, BooleanOperator.IsFalse)]),
        ], List);
        var message = compiled.For(Message);

        Assert.Equal(0b1101UL, message.ApplyingRules("team@example.com"));
        Assert.Equal(0b0001UL, message.ApplyingRules("Boss@Example.com"));
        var (conditions, unless) = message.Explain(2, "boss@example.com");
        Assert.Equal([true], conditions);
        Assert.Equal([true], unless);
    }

    private static readonly string[] Words = ["a", "@example.com", "gmail", "report", "x", "boss@example.com", "team", "✓", "YES", "mx."];

    private static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<RuleCondition> Condition = Gen.OneOf(
        Gen.Select(Gen.Enum<RuleStringEmailAttribute>(), Gen.Enum<StringOperator>(), Pick(Words).List[1, 3], (a, op, v) => Text(a, op, [.. v])),
        Gen.Select(Pick("X-Spam-Flag", "x-spam-flag", "X-Other"), Gen.Enum<StringOperator>(), Pick(Words).List[1, 3], (h, op, v) => Header(h, op, [.. v])),
        Gen.Select(Gen.Enum<RuleNumberOperator>(), Pick(0.0, 2047.5, 2048, 4096), (op, v) => Size(op, v)),
        Gen.Select(Gen.Enum<IpOperator>(), Pick("192.0.2.0/24", "10.0.0.0/8", "2001:db8::/32", "::/0", "0.0.0.0/0").List[1, 3], (op, v) => Ip(op, [.. v])),
        Gen.Select(Gen.Enum<RuleBooleanEmailAttribute>(), Gen.Enum<BooleanOperator>(), (a, op) => Flag(a, op)),
        Gen.Select(Gen.Enum<RuleAddressListEmailAttribute>(), Gen.Enum<BooleanOperator>(), (a, op) => InList(a, op)));

    [Fact]
    public void Shared_indexes_decide_as_each_condition_alone_does()
    {
        Gen.Select(Gen.Select(Condition.List[0, 10], Condition.List[0, 10]).List[1, 40], Pick("bob+news@example.com", "boss@example.com", "x@board.example.com"))
            .Sample((rules, recipient) =>
            {
                var compiled = CompiledRuleConditions.Compile([.. rules.Select(r => new RuleConditions(r.Item1, r.Item2))], List);
                var message = compiled.For(Message);
                for (int r = 0; r < rules.Count; r++)
                {
                    bool[] conditions = [.. rules[r].Item1.Select(c => HoldsAlone(c, recipient))];
                    bool[] unless = [.. rules[r].Item2.Select(c => HoldsAlone(c, recipient))];
                    var explained = message.Explain(r, recipient);
                    if (!explained.Conditions.SequenceEqual(conditions) || !explained.Unless.SequenceEqual(unless)
                        || message.Applies(r, recipient) != (conditions.All(c => c) && !unless.Any(c => c)))
                    {
                        return false;
                    }
                }

                return true;
            }, iter: 1_000);
    }

    /// <summary>The condition decided alone with the one-condition matchers, as the semantics are written.</summary>
    private static bool HoldsAlone(RuleCondition condition, string recipient)
    {
        if (condition.StringExpression is { } text)
        {
            IReadOnlyList<string> operand = text.Evaluate.MimeHeaderAttribute is { } header
                ? Message.MimeHeaders.TryGetValue(header, out var values) ? values : []
                : text.Evaluate.Attribute switch
                {
                    RuleStringEmailAttribute.MailFrom => [Message.MailFrom],
                    RuleStringEmailAttribute.Helo => [Message.Helo!],
                    RuleStringEmailAttribute.Recipient => [recipient],
                    RuleStringEmailAttribute.Sender => Message.Sender,
                    RuleStringEmailAttribute.From => Message.From,
                    RuleStringEmailAttribute.Subject => [Message.Subject!],
                    RuleStringEmailAttribute.To => Message.To,
                    _ => Message.Cc,
                };
            if (text.Operator == StringOperator.NotEquals)
            {
                var equals = new StringMatcher(StringOperator.Equals, text.Values);
                return !operand.Any(v => equals.Matches(v));
            }

            var matcher = new StringMatcher(text.Operator, text.Values);
            return operand.Any(v => matcher.Matches(v));
        }

        if (condition.NumberExpression is { } size)
        {
            double value = size.Value;
            long actual = Message.SizeBytes;
            return size.Operator switch
            {
                RuleNumberOperator.Equals => actual == value,
                RuleNumberOperator.NotEquals => actual != value,
                RuleNumberOperator.LessThan => actual < value,
                RuleNumberOperator.GreaterThan => actual > value,
                RuleNumberOperator.LessThanOrEqual => actual <= value,
                _ => actual >= value,
            };
        }

        if (condition.IpExpression is { } ip)
        {
            bool inAny = ip.Values.Any(b => CidrSet.Parse(b.Contains(':') ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, [b]).Contains(Message.SourceIp));
            return inAny != (ip.Operator == IpOperator.NotCidrMatches);
        }

        var flag = condition.BooleanExpression!;
        bool fact = flag.Evaluate.IsInAddressList is { } list
            ? (list.Attribute switch
            {
                RuleAddressListEmailAttribute.Recipient => [recipient],
                RuleAddressListEmailAttribute.MailFrom => [Message.MailFrom],
                RuleAddressListEmailAttribute.Sender => Message.Sender,
                RuleAddressListEmailAttribute.From => Message.From,
                RuleAddressListEmailAttribute.To => Message.To,
                _ => Message.Cc,
            }).Any(a => Vip.Contains(a))
            : flag.Evaluate.Attribute switch
            {
                RuleBooleanEmailAttribute.Tls => Message.Tls,
                RuleBooleanEmailAttribute.TlsWrapped => Message.TlsWrapped,
                _ => Message.ReadReceiptRequested,
            };
        return fact != (flag.Operator == BooleanOperator.IsFalse);
    }
}
