using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.RuleSets;

/// <summary>
/// Rule-set semantics of SES Mail Manager (the model's <c>Rule</c> documentation and the rule set pages of the SES
/// developer guide): rules are evaluated in order for every envelope recipient; every rule that applies runs its
/// actions in order (not first-match). What each action does to the plan is its <see cref="RuleActionKind"/>: Drop and
/// Bounce take the recipients they act on out of later actions and rules, ReplaceRecipient rewrites them for what
/// follows, AddHeader changes the message for what follows. When no recipient is left, evaluation stops. Nothing is
/// delivered implicitly.
/// </summary>
public static class RuleSetEvaluator
{
    /// <param name="applies">Whether rule <c>i</c>'s conditions hold and none of its exceptions does for a recipient.</param>
    /// <summary>Each rule's action kinds, in order; a compiled rule set works them out once.</summary>
    public static RuleActionKind[][] KindsOf(RuleSet ruleSet) =>
        ruleSet.Rules.Select((rule, i) => rule.Actions.Select((action, j) =>
            action.Kind ?? throw new InvalidOperationException($"Rule {i + 1} action {j + 1} has no single kind.")).ToArray()).ToArray();

    /// <param name="kinds">The kinds of <paramref name="ruleSet"/>'s actions (<see cref="KindsOf"/>).</param>
    public static RuleSetEvaluation Evaluate(RuleSet ruleSet, RuleActionKind[][] kinds, Func<int, string, bool> applies, IReadOnlyList<string> recipients)
    {
        var run = new Run(recipients);
        var planning = new ActionPlanning(run);
        for (var ruleIndex = 0; ruleIndex < ruleSet.Rules.Count && run.Remaining.Count > 0; ruleIndex++)
        {
            var rule = ruleSet.Rules[ruleIndex];
            var matched = new List<string>(run.Remaining.Count);
            foreach (var recipient in run.Remaining)
            {
                if (applies(ruleIndex, recipient))
                {
                    matched.Add(recipient);
                }
            }
            run.Start(ruleIndex, rule.Name, matched);
            for (var actionIndex = 0; actionIndex < rule.Actions.Count && run.Matched.Count > 0; actionIndex++)
            {
                var action = rule.Actions[actionIndex];
                run.Action(actionIndex, action);
                kinds[ruleIndex][actionIndex].Plan(action, planning);
            }
        }
        return new RuleSetEvaluation(run.Planned, run.Matches);
    }

    /// <summary>The state of one evaluation: who is left, who each stands for, what is planned.</summary>
    internal sealed class Run
    {
        private static readonly StringComparer Addresses = StringComparer.OrdinalIgnoreCase;

        // Each current recipient and the envelope recipients it stands for (itself unless rewritten).
        private readonly Dictionary<string, List<string>> _origins = new(Addresses);
        // The headers added for each current recipient; none: no entry.
        private readonly Dictionary<string, HeaderChain> _chains = new(Addresses);
        private bool _rewritten;
        private int _ruleIndex;
        private string? _ruleName;
        private int _actionIndex;
        private RuleAction? _action;

        public Run(IReadOnlyList<string> recipients)
        {
            foreach (var recipient in recipients)
            {
                if (!_origins.ContainsKey(recipient))
                {
                    _origins[recipient] = [recipient];
                    Remaining.Add(recipient);
                }
            }
        }

        public List<string> Remaining { get; } = [];

        /// <summary>The recipients the current rule's next action acts on; never changed in place, so plans share it.</summary>
        public List<string> Matched { get; private set; } = [];

        public List<PlannedAction> Planned { get; } = [];

        public List<RuleMatch> Matches { get; } = [];

        public void Start(int ruleIndex, string? ruleName, List<string> matched)
        {
            _ruleIndex = ruleIndex;
            _ruleName = ruleName;
            Matched = matched;
            Matches.Add(new RuleMatch(ruleIndex, ruleName, matched));
        }

        public void Action(int actionIndex, RuleAction action)
        {
            _actionIndex = actionIndex;
            _action = action;
        }

        public void Plan(bool runsOutside)
        {
            // Recipients carry the headers added for them; an action is planned once per distinct set of them
            // (nearly always one: the rule's recipients share their history).
            var first = Chain(Matched[0]);
            if (Matched.All(r => Chain(r) == first))
            {
                Add(Matched, first, runsOutside);
                return;
            }
            foreach (var group in Matched.GroupBy(Chain))
            {
                Add(group.ToList(), group.Key, runsOutside);
            }
        }

        private void Add(List<string> recipients, HeaderChain? chain, bool runsOutside)
        {
            IReadOnlyDictionary<string, IReadOnlyList<string>>? origins = _rewritten
                ? recipients.ToDictionary(r => r, r => (IReadOnlyList<string>)[.. _origins[r]], Addresses)
                : null;
            Planned.Add(new PlannedAction(_ruleIndex, _ruleName, _actionIndex, _action!, recipients, origins, chain?.List ?? [], runsOutside));
        }

        private HeaderChain? Chain(string recipient) => _chains.GetValueOrDefault(recipient);

        public void Finish()
        {
            var finished = new HashSet<string>(Matched, Addresses);
            Remaining.RemoveAll(finished.Contains);
            foreach (var r in finished)
            {
                // Gone for good: a later rewrite to the same address makes a new recipient, not this one.
                _origins.Remove(r);
                _chains.Remove(r);
            }
            Matched = [];
        }

        /// <summary>Adds a header for the recipients the rule matched, and only for them.</summary>
        public void AddHeader(string name, string value)
        {
            var header = new AddedHeader(name, value);
            // Recipients that shared their headers still share them: one new link per distinct history.
            var extended = new Dictionary<HeaderChain, HeaderChain>(ReferenceEqualityComparer.Instance);
            HeaderChain? fromNone = null;
            foreach (var r in Matched)
            {
                var previous = Chain(r);
                HeaderChain next;
                if (previous is null)
                {
                    next = fromNone ??= new HeaderChain(header, null);
                }
                else if (!extended.TryGetValue(previous, out next!))
                {
                    extended[previous] = next = new HeaderChain(header, previous);
                }
                _chains[r] = next;
            }
        }

        /// <summary>The headers added for a recipient, newest last: a link to the ones before, shared by whoever shares them.</summary>
        private sealed class HeaderChain(AddedHeader header, HeaderChain? previous)
        {
            private readonly int _count = (previous?._count ?? 0) + 1;
            private AddedHeader[]? _list;

            public IReadOnlyList<AddedHeader> List => _list ??= Build();

            private AddedHeader[] Build()
            {
                var list = new AddedHeader[_count];
                var link = this;
                for (var i = _count - 1; i >= 0; i--)
                {
                    list[i] = link!.Header;
                    link = link.Previous;
                }
                return list;
            }

            private AddedHeader Header => header;

            private HeaderChain? Previous => previous;
        }

        public void Replace(IReadOnlyList<string> with)
        {
            var replaced = new HashSet<string>(Matched, Addresses);
            var origins = Matched.SelectMany(r => _origins[r]).Distinct(Addresses).ToList();
            // A rewrite of recipients with different header histories keeps the first one's.
            var chain = Chain(Matched[0]);
            Remaining.RemoveAll(replaced.Contains);
            foreach (var r in replaced)
            {
                _origins.Remove(r);
                _chains.Remove(r);
            }
            var next = new List<string>();
            foreach (var address in with.Distinct(Addresses))
            {
                if (Remaining.Contains(address, Addresses))
                {
                    // Already a recipient in its own right: it now also stands for the replaced ones.
                    var existing = _origins[address];
                    existing.AddRange(origins.Where(o => !existing.Contains(o, Addresses)));
                }
                else
                {
                    _origins[address] = [.. origins];
                    if (chain is not null)
                    {
                        _chains[address] = chain;
                    }
                    Remaining.Add(address);
                }
                next.Add(address);
            }
            _rewritten = true;
            Matched = next;
        }
    }
}
