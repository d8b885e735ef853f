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
/// A traffic policy compiled once per configuration change into matchers (hash sets, sorted CIDR ranges, indexed
/// address lists), never interpreted per recipient. Evaluation follows SES's documented order: DENY statements first,
/// then ALLOW statements, then the default action; within a statement all conditions must hold. Evaluating allocates
/// nothing.
/// </summary>
public sealed class CompiledTrafficPolicy
{
    private readonly Statement[] _deny;
    private readonly Statement[] _allow;
    private readonly bool _acceptByDefault;

    private CompiledTrafficPolicy(Statement[] deny, Statement[] allow, bool acceptByDefault)
    {
        _deny = deny;
        _allow = allow;
        _acceptByDefault = acceptByDefault;
    }

    /// <summary>
    /// Compiles <paramref name="statements"/>; <paramref name="addressList"/> gives the compiled members of an address
    /// list by ID (one matcher per list, shared by every condition naming it). Throws on a condition no validated
    /// policy can hold (no member set, a malformed CIDR, an unknown list).
    /// </summary>
    public static CompiledTrafficPolicy Compile(AcceptAction defaultAction, IReadOnlyList<PolicyStatement> statements, Func<string, AddressListMatcher?> addressList)
    {
        List<Statement> deny = [];
        List<Statement> allow = [];
        for (int i = 0; i < statements.Count; i++)
        {
            Statement compiled = new(i, [.. statements[i].Conditions.Select(c => CompileCondition(c, addressList))]);
            (statements[i].Action == AcceptAction.Deny ? deny : allow).Add(compiled);
        }

        return new CompiledTrafficPolicy([.. deny], [.. allow], defaultAction == AcceptAction.Allow);
    }

    public TrafficPolicyVerdict Evaluate(in RecipientFacts facts)
    {
        // The recipient is folded and the sender's address turned into a number once, for every condition to share.
        string recipient = facts.Recipient;
        Span<char> buffer = recipient.Length <= CaseFolding.StackLimit ? stackalloc char[recipient.Length] : new char[recipient.Length];
        PolicySubject subject = new(CaseFolding.Fold(recipient, buffer), IpNumber.From(facts.SenderIp), facts.Tls);
        foreach (Statement statement in _deny)
        {
            if (statement.Matches(subject))
            {
                return new TrafficPolicyVerdict(false, statement.Index);
            }
        }

        foreach (Statement statement in _allow)
        {
            if (statement.Matches(subject))
            {
                return new TrafficPolicyVerdict(true, statement.Index);
            }
        }

        return new TrafficPolicyVerdict(_acceptByDefault, -1);
    }

    /// <summary>Each condition's result for every statement, in the policy's order: what a verdict log records.</summary>
    public IReadOnlyList<(int StatementIndex, bool[] ConditionResults)> Explain(in RecipientFacts facts)
    {
        PolicySubject subject = new(CaseFolding.Fold(facts.Recipient), IpNumber.From(facts.SenderIp), facts.Tls);
        List<(int, bool[])> results = [];
        foreach (Statement statement in _deny.Concat(_allow).OrderBy(s => s.Index))
        {
            bool[] conditions = new bool[statement.Conditions.Length];
            for (int i = 0; i < conditions.Length; i++)
            {
                conditions[i] = statement.Conditions[i].Matches(subject);
            }

            results.Add((statement.Index, conditions));
        }

        return results;
    }

    private static ConditionMatcher CompileCondition(PolicyCondition condition, Func<string, AddressListMatcher?> addressList)
    {
        if (condition.MemberCount != 1)
        {
            throw new ArgumentException($"A policy condition has exactly one member; this one has {condition.MemberCount}.", nameof(condition));
        }

        if (condition.StringExpression is { } text)
        {
            return new RecipientString(new StringMatcher(text.Operator, text.Values));
        }

        if ((condition.IpExpression ?? condition.Ipv6Expression) is { } ip)
        {
            CidrSet blocks = CidrSet.Parse(condition.IpExpression is null ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork, ip.Values);
            return new SenderIp(blocks, ip.Operator == IpOperator.NotCidrMatches);
        }

        if (condition.TlsExpression is { } tls)
        {
            return new Tls(new TlsRequirement(tls.Operator, tls.Value));
        }

        IngressBooleanExpression list = condition.BooleanExpression!;
        AddressListMatcher members = addressList(list.AddressListId)
            ?? throw new ArgumentException($"Address list {list.AddressListId} does not exist.", nameof(condition));
        return new InAddressList(members, list.Operator == BooleanOperator.IsFalse);
    }

    /// <summary>What conditions look at, prepared once per recipient.</summary>
    private readonly ref struct PolicySubject(ReadOnlySpan<char> recipient, IpNumber senderIp, TlsVersion? tls)
    {
        public ReadOnlySpan<char> Recipient { get; } = recipient;

        public IpNumber SenderIp { get; } = senderIp;

        public TlsVersion? Tls { get; } = tls;
    }

    private abstract class ConditionMatcher
    {
        public abstract bool Matches(in PolicySubject subject);
    }

    private sealed class RecipientString(StringMatcher matcher) : ConditionMatcher
    {
        public override bool Matches(in PolicySubject subject) => matcher.MatchesFolded(subject.Recipient);
    }

    private sealed class SenderIp(CidrSet blocks, bool negate) : ConditionMatcher
    {
        public override bool Matches(in PolicySubject subject) => blocks.Contains(subject.SenderIp) != negate;
    }

    private sealed class Tls(TlsRequirement requirement) : ConditionMatcher
    {
        public override bool Matches(in PolicySubject subject) => requirement.IsMetBy(subject.Tls);
    }

    private sealed class InAddressList(AddressListMatcher members, bool negate) : ConditionMatcher
    {
        public override bool Matches(in PolicySubject subject) => members.ContainsFolded(subject.Recipient) != negate;
    }

    private sealed class Statement(int index, ConditionMatcher[] conditions)
    {
        public int Index { get; } = index;

        public ConditionMatcher[] Conditions { get; } = conditions;

        public bool Matches(in PolicySubject subject)
        {
            foreach (ConditionMatcher condition in Conditions)
            {
                if (!condition.Matches(subject))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
