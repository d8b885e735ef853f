using System.Net.Sockets;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.RuleSets.Conditions;

/// <summary>A rule's conditions (all must hold) and exceptions, SES <c>Unless</c> (none may).</summary>
public sealed record RuleConditions(IReadOnlyList<RuleCondition> Conditions, IReadOnlyList<RuleCondition> Unless);

/// <summary>
/// The conditions and exceptions of every rule of a rule set, compiled once per configuration change in the way
/// traffic policies are (<see cref="CompiledTrafficPolicy"/>): every condition gets a number, conditions on the same
/// operand share one index, and a rule is two bit masks. A message's facts are matched once
/// (<see cref="For"/>); each recipient then costs the recipient's own conditions only. SES semantics: for each envelope
/// recipient, a rule applies when all its conditions hold and none of its exceptions does; no conditions means every
/// recipient. For an operand with several values (the addresses of a To header), a condition holds when any value
/// matches, and a negated one (<c>NOT_EQUALS</c>, <c>NOT_CIDR_MATCHES</c>, <c>IS_FALSE</c>) when none does.
/// </summary>
public sealed class CompiledRuleConditions
{
    /// <summary>Rules are answered as bits of one word; SES allows 40.</summary>
    public const int MaxRules = 64;

    private static readonly RuleStringEmailAttribute[] MessageAttributes =
    [
        RuleStringEmailAttribute.MailFrom, RuleStringEmailAttribute.Helo, RuleStringEmailAttribute.Sender, RuleStringEmailAttribute.From,
        RuleStringEmailAttribute.Subject, RuleStringEmailAttribute.To, RuleStringEmailAttribute.Cc,
    ];

    private readonly int _words;
    private readonly (RuleStringEmailAttribute Attribute, StringOperandIndex Index)[] _attributes;
    private readonly (string Name, StringOperandIndex Index)[] _headers;
    private readonly StringOperandIndex _recipient;
    private readonly IpOperandIndex _ipv4;
    private readonly IpOperandIndex _ipv6;
    private readonly (int Condition, RuleNumberOperator Operator, double Value)[] _sizes;
    private readonly ulong[][] _booleans;
    private readonly (AddressListMatcher Members, RuleAddressListEmailAttribute Attribute, ulong[] Row)[] _lists;
    private readonly NegatedConditions _negated;
    private readonly CompiledRule[] _rules;

    private CompiledRuleConditions(Compilation c)
    {
        _words = c.Words;
        _attributes = [.. c.Attributes.Where(a => a.Key != RuleStringEmailAttribute.Recipient).Select(a => (a.Key, a.Value.Build()))];
        _headers = [.. c.Headers.Select(h => (h.Key, h.Value.Build()))];
        _recipient = c.Attributes.TryGetValue(RuleStringEmailAttribute.Recipient, out var recipient)
            ? recipient.Build()
            : new StringOperandIndex.Builder(c.Words, c.Negated).Build();
        _ipv4 = c.Ipv4.Build();
        _ipv6 = c.Ipv6.Build();
        _sizes = [.. c.Sizes];
        _booleans = c.Booleans;
        _lists = [.. c.Lists.Select(l => (l.Key.Members, l.Key.Attribute, l.Value))];
        _negated = c.Negated;
        _rules = [.. c.Rules];
    }

    public int RuleCount => _rules.Length;

    /// <summary>
    /// Compiles the rules' conditions; <paramref name="addressList"/> gives an address list's members by ID. Throws on a
    /// condition no validated rule can hold (no member or two set, a malformed CIDR, an unknown list, no values).
    /// </summary>
    public static CompiledRuleConditions Compile(IReadOnlyList<RuleConditions> rules, Func<string, AddressListMatcher?> addressList)
    {
        if (rules.Count > MaxRules)
        {
            throw new ArgumentException($"At most {MaxRules} rules are compiled together; this rule set has {rules.Count}.", nameof(rules));
        }

        Compilation compilation = new(rules.Sum(r => r.Conditions.Count + r.Unless.Count), addressList);
        foreach (RuleConditions rule in rules)
        {
            compilation.Add(rule);
        }

        return new CompiledRuleConditions(compilation);
    }

    /// <summary>Matches the message-wide conditions once; ask the result about each recipient.</summary>
    public MessageConditions For(MessageFacts facts)
    {
        ulong[] message = new ulong[_words];
        foreach ((RuleStringEmailAttribute attribute, StringOperandIndex index) in _attributes)
        {
            switch (attribute)
            {
                case RuleStringEmailAttribute.MailFrom: MatchAll(index, [facts.MailFrom], message); break;
                case RuleStringEmailAttribute.Helo: MatchAll(index, facts.Helo is null ? [] : [facts.Helo], message); break;
                case RuleStringEmailAttribute.Subject: MatchAll(index, facts.Subject is null ? [] : [facts.Subject], message); break;
                default: MatchAll(index, Addresses(facts, attribute), message); break;
            }
        }

        foreach ((string name, StringOperandIndex index) in _headers)
        {
            MatchAll(index, HeaderValues(facts, name), message);
        }

        IpNumber source = IpNumber.From(facts.SourceIp);
        _ipv4.Match(source, message);
        _ipv6.Match(source, message);
        foreach ((int condition, RuleNumberOperator op, double value) in _sizes)
        {
            if (Compare(facts.SizeBytes, op, value))
            {
                ConditionBits.Set(message, condition);
            }
        }

        OrIf(facts.ReadReceiptRequested, RuleBooleanEmailAttribute.ReadReceiptRequested, message);
        OrIf(facts.Tls, RuleBooleanEmailAttribute.Tls, message);
        OrIf(facts.TlsWrapped, RuleBooleanEmailAttribute.TlsWrapped, message);
        foreach ((AddressListMatcher members, RuleAddressListEmailAttribute attribute, ulong[] row) in _lists)
        {
            if (attribute != RuleAddressListEmailAttribute.Recipient && ListedAddresses(facts, attribute).Any(a => members.Contains(a)))
            {
                ConditionBits.Or(message, row);
            }
        }

        return new MessageConditions(this, message);
    }

    /// <summary>The rules (bit <c>r</c> for rule <c>r</c>) that apply to <paramref name="recipient"/>, given the message's bits.</summary>
    internal ulong ApplyingRules(ReadOnlySpan<ulong> message, string recipient)
    {
        Span<ulong> results = _words <= ConditionBits.StackLimit ? stackalloc ulong[_words] : new ulong[_words];
        Compute(message, recipient, results);
        ulong applying = 0;
        for (int r = 0; r < _rules.Length; r++)
        {
            if (ConditionBits.ContainsAll(results, _rules[r].ConditionMask) && !ConditionBits.Intersects(results, _rules[r].UnlessMask))
            {
                applying |= 1UL << r;
            }
        }

        return applying;
    }

    /// <summary>Each condition's and exception's result of one rule for one recipient: what a rule-set log records.</summary>
    internal (bool[] Conditions, bool[] Unless) Explain(ReadOnlySpan<ulong> message, int rule, string recipient)
    {
        ulong[] results = new ulong[_words];
        Compute(message, recipient, results);
        CompiledRule compiled = _rules[rule];
        return ([.. compiled.Conditions.Select(c => ConditionBits.IsSet(results, c))], [.. compiled.Unless.Select(c => ConditionBits.IsSet(results, c))]);
    }

    private void Compute(ReadOnlySpan<ulong> message, string recipient, Span<ulong> results)
    {
        message.CopyTo(results);
        Span<char> buffer = recipient.Length <= CaseFolding.StackLimit ? stackalloc char[recipient.Length] : new char[recipient.Length];
        ReadOnlySpan<char> folded = CaseFolding.Fold(recipient, buffer);
        _recipient.Match(folded, results);
        foreach ((AddressListMatcher members, RuleAddressListEmailAttribute attribute, ulong[] row) in _lists)
        {
            if (attribute == RuleAddressListEmailAttribute.Recipient && members.ContainsFolded(folded))
            {
                ConditionBits.Or(results, row);
            }
        }

        _negated.Apply(results);
    }

    private static void MatchAll(StringOperandIndex index, IReadOnlyList<string> values, Span<ulong> results)
    {
        foreach (string value in values)
        {
            index.Match(CaseFolding.Fold(value), results);
        }
    }

    private static IReadOnlyList<string> Addresses(MessageFacts facts, RuleStringEmailAttribute attribute) => attribute switch
    {
        RuleStringEmailAttribute.Sender => facts.Sender,
        RuleStringEmailAttribute.From => facts.From,
        RuleStringEmailAttribute.To => facts.To,
        _ => facts.Cc,
    };

    private static IReadOnlyList<string> ListedAddresses(MessageFacts facts, RuleAddressListEmailAttribute attribute) => attribute switch
    {
        RuleAddressListEmailAttribute.MailFrom => facts.MailFrom.Length == 0 ? [] : [facts.MailFrom],
        RuleAddressListEmailAttribute.Sender => facts.Sender,
        RuleAddressListEmailAttribute.From => facts.From,
        RuleAddressListEmailAttribute.To => facts.To,
        _ => facts.Cc,
    };

    private static IReadOnlyList<string> HeaderValues(MessageFacts facts, string name)
    {
        if (facts.MimeHeaders.TryGetValue(name, out IReadOnlyList<string>? values))
        {
            return values;
        }

        // Header names ignore case whatever comparer the facts' dictionary was built with.
        foreach ((string key, IReadOnlyList<string> value) in facts.MimeHeaders)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return [];
    }

    private static bool Compare(long size, RuleNumberOperator op, double value) => op switch
    {
        RuleNumberOperator.Equals => size == value,
        RuleNumberOperator.NotEquals => size != value,
        RuleNumberOperator.LessThan => size < value,
        RuleNumberOperator.GreaterThan => size > value,
        RuleNumberOperator.LessThanOrEqual => size <= value,
        _ => size >= value,
    };

    private void OrIf(bool fact, RuleBooleanEmailAttribute attribute, Span<ulong> results)
    {
        if (fact)
        {
            ConditionBits.Or(results, _booleans[(int)attribute]);
        }
    }

    private sealed record CompiledRule(int[] Conditions, ulong[] ConditionMask, int[] Unless, ulong[] UnlessMask);

    private sealed class Compilation
    {
        private readonly Func<string, AddressListMatcher?> _addressList;
        private int _next;

        public Compilation(int conditions, Func<string, AddressListMatcher?> addressList)
        {
            _addressList = addressList;
            Words = ConditionBits.WordsFor(conditions);
            Negated = new NegatedConditions(Words);
            Ipv4 = new IpOperandIndex.Builder(AddressFamily.InterNetwork, Words);
            Ipv6 = new IpOperandIndex.Builder(AddressFamily.InterNetworkV6, Words);
            Booleans = [.. Enum.GetValues<RuleBooleanEmailAttribute>().Select(_ => new ulong[Words])];
        }

        public int Words { get; }
        public NegatedConditions Negated { get; }
        public Dictionary<RuleStringEmailAttribute, StringOperandIndex.Builder> Attributes { get; } = [];
        public Dictionary<string, StringOperandIndex.Builder> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
        public IpOperandIndex.Builder Ipv4 { get; }
        public IpOperandIndex.Builder Ipv6 { get; }
        public List<(int, RuleNumberOperator, double)> Sizes { get; } = [];
        public ulong[][] Booleans { get; }
        public Dictionary<(AddressListMatcher Members, RuleAddressListEmailAttribute Attribute), ulong[]> Lists { get; } = [];
        public List<CompiledRule> Rules { get; } = [];

        public void Add(RuleConditions rule)
        {
            (int[] conditions, ulong[] conditionMask) = Number(rule.Conditions);
            (int[] unless, ulong[] unlessMask) = Number(rule.Unless);
            Rules.Add(new CompiledRule(conditions, conditionMask, unless, unlessMask));
        }

        private (int[] Numbers, ulong[] Mask) Number(IReadOnlyList<RuleCondition> conditions)
        {
            int[] numbers = new int[conditions.Count];
            ulong[] mask = new ulong[Words];
            for (int i = 0; i < numbers.Length; i++)
            {
                numbers[i] = _next++;
                AddCondition(numbers[i], conditions[i]);
                ConditionBits.Set(mask, numbers[i]);
            }

            return (numbers, mask);
        }

        private void AddCondition(int number, RuleCondition condition)
        {
            if (condition.MemberCount != 1)
            {
                throw new ArgumentException($"A rule condition has exactly one member; this one has {condition.MemberCount}.", nameof(condition));
            }

            if (condition.StringExpression is { } text)
            {
                StringOperandIndex.Builder index = text.Evaluate switch
                {
                    { Attribute: { } attribute, MimeHeaderAttribute: null } => Builder(Attributes, attribute),
                    { Attribute: null, MimeHeaderAttribute: { Length: > 0 } header } => Builder(Headers, header),
                    _ => throw new ArgumentException("A string condition evaluates exactly one attribute or MIME header.", nameof(condition)),
                };
                index.Add(number, text.Operator, text.Values);
            }
            else if (condition.NumberExpression is { } size)
            {
                Sizes.Add((number, size.Operator, size.Value));
            }
            else if (condition.IpExpression is { } ip)
            {
                if (ip.Values.Count == 0)
                {
                    throw new ArgumentException("An IP condition needs at least one CIDR block.", nameof(condition));
                }

                // One condition may name blocks of both families: each index gets its own, under the same number.
                AddBlocks(Ipv4, AddressFamily.InterNetwork, number, ip.Values);
                AddBlocks(Ipv6, AddressFamily.InterNetworkV6, number, ip.Values);
                NegateIf(ip.Operator == IpOperator.NotCidrMatches, number);
            }
            else
            {
                RuleBooleanExpression flag = condition.BooleanExpression!;
                switch (flag.Evaluate)
                {
                    case { Attribute: { } attribute, IsInAddressList: null }:
                        ConditionBits.Set(Booleans[(int)attribute], number);
                        break;
                    case { Attribute: null, IsInAddressList: { } list }:
                        AddressListMatcher members = _addressList(list.AddressListId)
                            ?? throw new ArgumentException($"Address list {list.AddressListId} does not exist.", nameof(condition));
                        if (!Lists.TryGetValue((members, list.Attribute), out ulong[]? row))
                        {
                            Lists[(members, list.Attribute)] = row = new ulong[Words];
                        }

                        ConditionBits.Set(row, number);
                        break;
                    default:
                        throw new ArgumentException("A boolean condition evaluates exactly one attribute or address list.", nameof(condition));
                }

                NegateIf(flag.Operator == BooleanOperator.IsFalse, number);
            }
        }

        private StringOperandIndex.Builder Builder<TKey>(Dictionary<TKey, StringOperandIndex.Builder> builders, TKey key)
            where TKey : notnull
        {
            if (!builders.TryGetValue(key, out StringOperandIndex.Builder? builder))
            {
                builders[key] = builder = new StringOperandIndex.Builder(Words, Negated);
            }

            return builder;
        }

        private static void AddBlocks(IpOperandIndex.Builder index, AddressFamily family, int number, List<string> blocks)
        {
            bool ipv6 = family == AddressFamily.InterNetworkV6;
            List<string> ofFamily = [.. blocks.Where(b => b.Contains(':', StringComparison.Ordinal) == ipv6)];
            if (ofFamily.Count > 0)
            {
                index.Add(number, ofFamily);
            }
        }

        private void NegateIf(bool negated, int number)
        {
            if (negated)
            {
                Negated.Add(number);
            }
        }
    }
}

/// <summary>One message's facts matched against a rule set's conditions; recipients are asked one by one.</summary>
public sealed class MessageConditions
{
    private readonly CompiledRuleConditions _rules;
    private readonly ulong[] _message;

    internal MessageConditions(CompiledRuleConditions rules, ulong[] message)
    {
        _rules = rules;
        _message = message;
    }

    /// <summary>The rules that apply to <paramref name="recipient"/>: bit <c>r</c> for rule <c>r</c>.</summary>
    public ulong ApplyingRules(string recipient) => _rules.ApplyingRules(_message, recipient);

    public bool Applies(int rule, string recipient) => (ApplyingRules(recipient) & (1UL << rule)) != 0;

    /// <summary>Each condition's and exception's result of <paramref name="rule"/> for <paramref name="recipient"/>.</summary>
    public (bool[] Conditions, bool[] Unless) Explain(int rule, string recipient) => _rules.Explain(_message, rule, recipient);
}
