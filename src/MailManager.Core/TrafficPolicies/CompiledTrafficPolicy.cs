using System.Net;
using System.Net.Sockets;
using MailManager.Core.Conditions;

namespace MailManager.Core.TrafficPolicies;

/// <summary>What a traffic policy decides about one recipient from: the session's facts and the address.</summary>
public readonly record struct RecipientFacts(string Recipient, IPAddress SenderIp, TlsVersion? Tls);

/// <summary>
/// A recipient's verdict: whether it is accepted, and which statement decided (its index in the policy's list), or
/// -1 when no statement matched and the default action did.
/// </summary>
public readonly record struct TrafficPolicyVerdict(bool Accepted, int StatementIndex)
{
    public bool ByDefaultAction => StatementIndex < 0;
}

/// <summary>
/// A traffic policy compiled once per configuration change, never interpreted per recipient. Every condition of every
/// statement gets a number; conditions on the same operand share one index (<see cref="StringOperandIndex"/> for the
/// recipient, <see cref="IpOperandIndex"/> per address family, one membership test per address list, a table for TLS),
/// so a recipient costs a few lookups however many statements there are, and a statement holds when all its condition
/// bits are set. Evaluation follows SES's documented order: DENY statements first, then ALLOW statements, then the
/// default action. Evaluating allocates nothing.
/// </summary>
public sealed class CompiledTrafficPolicy
{
    private readonly int _words;
    private readonly StringOperandIndex _recipient;
    private readonly IpOperandIndex _ipv4;
    private readonly IpOperandIndex _ipv6;
    private readonly ulong[][] _tls;
    private readonly (AddressListMatcher Members, ulong[] Row)[] _lists;
    private readonly NegatedConditions _negated;
    private readonly Statement[] _deny;
    private readonly Statement[] _allow;
    private readonly Statement[] _inOrder;
    private readonly bool _acceptByDefault;

    private CompiledTrafficPolicy(Compilation compilation, bool acceptByDefault)
    {
        _words = compilation.Words;
        _recipient = compilation.Recipient.Build();
        _ipv4 = compilation.Ipv4.Build();
        _ipv6 = compilation.Ipv6.Build();
        _tls = compilation.Tls;
        _lists = [.. compilation.Lists.Select(l => (l.Key, l.Value))];
        _negated = compilation.Negated;
        _inOrder = [.. compilation.Statements];
        _deny = [.. _inOrder.Where(s => s.Action == AcceptAction.Deny)];
        _allow = [.. _inOrder.Where(s => s.Action == AcceptAction.Allow)];
        _acceptByDefault = acceptByDefault;
    }

    /// <summary>
    /// Compiles <paramref name="statements"/>; <paramref name="addressList"/> gives the compiled members of an address
    /// list by ID (one membership test per list per recipient, shared by every condition naming it). Throws on a
    /// condition no validated policy can hold (no member set, a malformed CIDR, an unknown list).
    /// </summary>
    public static CompiledTrafficPolicy Compile(AcceptAction defaultAction, IReadOnlyList<PolicyStatement> statements, Func<string, AddressListMatcher?> addressList)
    {
        Compilation compilation = new(statements.Sum(s => s.Conditions.Count));
        for (int i = 0; i < statements.Count; i++)
        {
            compilation.Add(i, statements[i], addressList);
        }

        return new CompiledTrafficPolicy(compilation, defaultAction == AcceptAction.Allow);
    }

    public TrafficPolicyVerdict Evaluate(in RecipientFacts facts)
    {
        if (_inOrder.Length == 0)
        {
            // No statement: the default action decides without looking at the recipient.
            return new TrafficPolicyVerdict(_acceptByDefault, -1);
        }

        Span<ulong> results = _words <= ConditionBits.StackLimit ? stackalloc ulong[_words] : new ulong[_words];
        Compute(facts, results);
        foreach (Statement statement in _deny)
        {
            if (ConditionBits.ContainsAll(results, statement.Mask))
            {
                return new TrafficPolicyVerdict(false, statement.Index);
            }
        }

        foreach (Statement statement in _allow)
        {
            if (ConditionBits.ContainsAll(results, statement.Mask))
            {
                return new TrafficPolicyVerdict(true, statement.Index);
            }
        }

        return new TrafficPolicyVerdict(_acceptByDefault, -1);
    }

    /// <summary>Each condition's result for every statement, in the policy's order: what a verdict log records.</summary>
    public IReadOnlyList<(int StatementIndex, bool[] ConditionResults)> Explain(in RecipientFacts facts)
    {
        ulong[] results = new ulong[_words];
        Compute(facts, results);
        List<(int, bool[])> explained = [];
        foreach (Statement statement in _inOrder)
        {
            explained.Add((statement.Index, [.. statement.Conditions.Select(c => ConditionBits.IsSet(results, c))]));
        }

        return explained;
    }

    private void Compute(in RecipientFacts facts, Span<ulong> results)
    {
        // The recipient is folded and the sender's address turned into a number once, for every index to share.
        string recipient = facts.Recipient;
        Span<char> buffer = recipient.Length <= CaseFolding.StackLimit ? stackalloc char[recipient.Length] : new char[recipient.Length];
        ReadOnlySpan<char> folded = CaseFolding.Fold(recipient, buffer);
        IpNumber sender = IpNumber.From(facts.SenderIp);
        _recipient.Match(folded, results);
        _ipv4.Match(sender, results);
        _ipv6.Match(sender, results);
        ConditionBits.Or(results, _tls[facts.Tls is { } tls ? (int)tls + 1 : 0]);
        foreach ((AddressListMatcher members, ulong[] row) in _lists)
        {
            if (members.ContainsFolded(folded))
            {
                ConditionBits.Or(results, row);
            }
        }

        _negated.Apply(results);
    }

    /// <summary>A statement: its action, its index in the policy, and its conditions' numbers as numbers and as a mask.</summary>
    private sealed record Statement(int Index, AcceptAction Action, int[] Conditions, ulong[] Mask);

    /// <summary>The indexes being filled while statements are numbered.</summary>
    private sealed class Compilation
    {
        private int _next;

        public Compilation(int conditions)
        {
            Words = ConditionBits.WordsFor(conditions);
            Negated = new NegatedConditions(Words);
            Recipient = new StringOperandIndex.Builder(Words, Negated);
            Ipv4 = new IpOperandIndex.Builder(AddressFamily.InterNetwork, Words);
            Ipv6 = new IpOperandIndex.Builder(AddressFamily.InterNetworkV6, Words);
            // Rows for a session without TLS, with TLS 1.2 and with TLS 1.3.
            Tls = [new ulong[Words], new ulong[Words], new ulong[Words]];
        }

        public int Words { get; }
        public StringOperandIndex.Builder Recipient { get; }
        public IpOperandIndex.Builder Ipv4 { get; }
        public IpOperandIndex.Builder Ipv6 { get; }
        public ulong[][] Tls { get; }
        public Dictionary<AddressListMatcher, ulong[]> Lists { get; } = new(ReferenceEqualityComparer.Instance);
        public NegatedConditions Negated { get; }
        public List<Statement> Statements { get; } = [];

        public void Add(int index, PolicyStatement statement, Func<string, AddressListMatcher?> addressList)
        {
            int[] numbers = new int[statement.Conditions.Count];
            ulong[] mask = new ulong[Words];
            for (int i = 0; i < numbers.Length; i++)
            {
                numbers[i] = _next++;
                AddCondition(numbers[i], statement.Conditions[i], addressList);
                ConditionBits.Set(mask, numbers[i]);
            }

            Statements.Add(new Statement(index, statement.Action, numbers, mask));
        }

        private void AddCondition(int number, PolicyCondition condition, Func<string, AddressListMatcher?> addressList)
        {
            if (condition.MemberCount != 1)
            {
                throw new ArgumentException($"A policy condition has exactly one member; this one has {condition.MemberCount}.", nameof(condition));
            }

            if (condition.StringExpression is { } text)
            {
                Recipient.Add(number, text.Operator, text.Values);
            }
            else if (condition.IpExpression is { } ipv4)
            {
                Ipv4.Add(number, ipv4.Values);
                NegateIf(ipv4.Operator == IpOperator.NotCidrMatches, number);
            }
            else if (condition.Ipv6Expression is { } ipv6)
            {
                Ipv6.Add(number, ipv6.Values);
                NegateIf(ipv6.Operator == IpOperator.NotCidrMatches, number);
            }
            else if (condition.TlsExpression is { } tls)
            {
                TlsRequirement requirement = new(tls.Operator, tls.Value);
                TlsVersion?[] sessions = [null, TlsVersion.Tls1_2, TlsVersion.Tls1_3];
                for (int i = 0; i < sessions.Length; i++)
                {
                    if (requirement.IsMetBy(sessions[i]))
                    {
                        ConditionBits.Set(Tls[i], number);
                    }
                }
            }
            else
            {
                IngressBooleanExpression list = condition.BooleanExpression!;
                AddressListMatcher members = addressList(list.AddressListId)
                    ?? throw new ArgumentException($"Address list {list.AddressListId} does not exist.", nameof(condition));
                if (!Lists.TryGetValue(members, out ulong[]? row))
                {
                    Lists[members] = row = new ulong[Words];
                }

                ConditionBits.Set(row, number);
                NegateIf(list.Operator == BooleanOperator.IsFalse, number);
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
