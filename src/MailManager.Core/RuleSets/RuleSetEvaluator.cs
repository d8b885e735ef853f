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
    public static RuleSetEvaluation Evaluate(RuleSet ruleSet, Func<int, string, bool> applies, IReadOnlyList<string> recipients) =>
        Evaluate(ruleSet, KindsOf(ruleSet), applies, recipients);

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
        private readonly List<AddedHeader> _headers = [];
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
            IReadOnlyDictionary<string, IReadOnlyList<string>>? origins = _rewritten
                ? Matched.ToDictionary(r => r, r => (IReadOnlyList<string>)[.. _origins[r]], Addresses)
                : null;
            // Headers are only ever appended, so the first n of the shared list are a snapshot that stays true.
            IReadOnlyList<AddedHeader> headers = _headers.Count == 0 ? [] : new HeaderPrefix(_headers, _headers.Count);
            Planned.Add(new PlannedAction(_ruleIndex, _ruleName, _actionIndex, _action!, Matched, origins, headers, runsOutside));
        }

        public void Finish()
        {
            var finished = new HashSet<string>(Matched, Addresses);
            Remaining.RemoveAll(finished.Contains);
            Matched = [];
        }

        public void AddHeader(string name, string value) => _headers.Add(new AddedHeader(name, value));

        /// <summary>The first <paramref name="count"/> headers of a list that only grows.</summary>
        private sealed class HeaderPrefix(List<AddedHeader> headers, int count) : IReadOnlyList<AddedHeader>
        {
            public AddedHeader this[int index] => index < count ? headers[index] : throw new ArgumentOutOfRangeException(nameof(index));

            public int Count => count;

            public IEnumerator<AddedHeader> GetEnumerator()
            {
                for (var i = 0; i < count; i++)
                {
                    yield return headers[i];
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }

        public void Replace(IReadOnlyList<string> with)
        {
            var replaced = new HashSet<string>(Matched, Addresses);
            var origins = Matched.SelectMany(r => _origins[r]).Distinct(Addresses).ToList();
            Remaining.RemoveAll(replaced.Contains);
            foreach (var r in replaced)
            {
                _origins.Remove(r);
            }
            var next = new List<string>();
            foreach (var address in with.Distinct(Addresses))
            {
                if (_origins.TryGetValue(address, out var existing))
                {
                    // Already a recipient in its own right: it now also stands for the replaced ones.
                    existing.AddRange(origins.Where(o => !existing.Contains(o, Addresses)));
                }
                else
                {
                    _origins[address] = [.. origins];
                    Remaining.Add(address);
                }
                next.Add(address);
            }
            _rewritten = true;
            Matched = next;
        }
    }
}
