using MailManager.Core.Conditions;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.RuleSets;

/// <summary>
/// Rule-set semantics per envelope recipient (SES <c>Rule</c>): every rule that applies runs, in order; Drop and Bounce
/// take their recipients out of what follows; ReplaceRecipient rewrites them for what follows; AddHeader changes the
/// message for the actions after it; no implicit delivery.
/// </summary>
public sealed class RuleSetEvaluatorTests
{
    private static readonly MessageFacts Facts = new()
    {
        MailFrom = "sender@gmail.com",
        From = ["sender@gmail.com"],
        Subject = "[bulk] offers",
        SizeBytes = 2048,
    };

    private static RuleCondition Recipient(StringOperator op, params string[] values) =>
        new() { StringExpression = new RuleStringExpression { Evaluate = new() { Attribute = RuleStringEmailAttribute.Recipient }, Operator = op, Values = [.. values] } };

    private static RuleCondition FromContains(string value) =>
        new() { StringExpression = new RuleStringExpression { Evaluate = new() { Attribute = RuleStringEmailAttribute.From }, Operator = StringOperator.Contains, Values = [value] } };

    private static RuleCondition SubjectStartsWith(string value) =>
        new() { StringExpression = new RuleStringExpression { Evaluate = new() { Attribute = RuleStringEmailAttribute.Subject }, Operator = StringOperator.StartsWith, Values = [value] } };

    private static Rule RuleOf(string name, IEnumerable<RuleCondition>? conditions, IEnumerable<RuleCondition>? unless, params RuleAction[] actions) =>
        new() { Name = name, Conditions = [.. conditions ?? []], Unless = [.. unless ?? []], Actions = [.. actions] };

    private static RuleSetEvaluation Evaluate(IEnumerable<Rule> rules, params string[] recipients) =>
        CompiledRuleSet.Compile(new RuleSet { RuleSetId = "rs-1", Rules = [.. rules] }, _ => null).Evaluate(Facts, recipients);

    private static RuleAction AddHeader(string name, string value) => new() { AddHeader = new AddHeaderAction { HeaderName = name, HeaderValue = value } };

    private static RuleAction Replace(params string[] with) => new() { ReplaceRecipient = new ReplaceRecipientAction { ReplaceWith = [.. with] } };

    private static RuleAction Bounce() => new() { Bounce = new BounceAction { Sender = "postmaster@example.com", StatusCode = "5.1.1", SmtpReplyCode = "550", DiagnosticMessage = "no", Relay = "rl-1" } };

    private static string Describe(PlannedAction a) =>
        $"{a.RuleIndex}.{a.ActionIndex} {a.Action.Type} [{string.Join(",", a.Recipients)}]{(a.RunsOutside ? " outside" : "")}";

    public static TheoryData<string, Rule[], string[], string[]> Cases => new()
    {
        {
            "a rule without conditions applies to every recipient",
            [RuleOf("all", null, null, RuleAction.OfRelay("rl-1"))],
            ["a@x.test", "b@x.test"],
            ["0.0 Relay [a@x.test,b@x.test] outside"]
        },
        {
            "every rule that applies runs, not only the first",
            [RuleOf("one", null, null, RuleAction.OfRelay("rl-1")), RuleOf("two", null, null, RuleAction.OfRelay("rl-2"))],
            ["a@x.test"],
            ["0.0 Relay [a@x.test] outside", "1.0 Relay [a@x.test] outside"]
        },
        {
            "Drop removes only the recipients its rule matched from later actions and rules",
            [RuleOf("drop-b", [Recipient(StringOperator.Equals, "b@x.test")], null, RuleAction.OfDrop(), RuleAction.OfRelay("rl-never")),
             RuleOf("rest", null, null, RuleAction.OfRelay("rl-1"))],
            ["a@x.test", "b@x.test"],
            ["0.0 Drop [b@x.test]", "1.0 Relay [a@x.test] outside"]
        },
        {
            "when every recipient is dropped, later rules do not run",
            [RuleOf("drop", null, null, RuleAction.OfDrop()), RuleOf("never", null, null, RuleAction.OfRelay("rl-1"))],
            ["a@x.test"],
            ["0.0 Drop [a@x.test]"]
        },
        {
            "all conditions must hold: From contains gmail.com and the recipient ends with x.test",
            [RuleOf("gmail", [FromContains("gmail.com"), Recipient(StringOperator.EndsWith, "@x.test")], null, RuleAction.OfRelay("rl-1"))],
            ["a@x.test", "b@y.test"],
            ["0.0 Relay [a@x.test] outside"]
        },
        {
            "an exception that holds stops the rule",
            [RuleOf("gmail", [FromContains("gmail.com")], [SubjectStartsWith("[bulk]")], RuleAction.OfRelay("rl-1"))],
            ["a@x.test"],
            []
        },
        {
            "only exceptions: the rule applies where none holds",
            [RuleOf("not-b", null, [Recipient(StringOperator.Equals, "b@x.test")], RuleAction.OfRelay("rl-1"))],
            ["a@x.test", "b@x.test"],
            ["0.0 Relay [a@x.test] outside"]
        },
        {
            "a rewrite replaces the matched recipients for the rule's later actions and later rules",
            [RuleOf("rewrite", [Recipient(StringOperator.Equals, "old@x.test")], null, Replace("new@x.test", "copy@x.test"), RuleAction.OfRelay("rl-1")),
             RuleOf("to-new", [Recipient(StringOperator.Equals, "new@x.test")], null, RuleAction.OfRelay("rl-2"))],
            ["old@x.test", "other@x.test"],
            ["0.0 ReplaceRecipient [old@x.test]", "0.1 Relay [new@x.test,copy@x.test] outside", "1.0 Relay [new@x.test] outside"]
        },
        {
            "Bounce runs outside and then finishes its recipients",
            [RuleOf("bounce", [Recipient(StringOperator.StartsWith, "gone")], null, Bounce(), RuleAction.OfRelay("rl-never")),
             RuleOf("rest", null, null, RuleAction.OfRelay("rl-1"))],
            ["gone@x.test", "here@x.test"],
            ["0.0 Bounce [gone@x.test] outside", "1.0 Relay [here@x.test] outside"]
        },
        {
            "recipients differing only in case are one recipient",
            [RuleOf("all", null, null, RuleAction.OfRelay("rl-1"))],
            ["A@x.test", "a@X.test"],
            ["0.0 Relay [A@x.test] outside"]
        },
        {
            "no rule matches: nothing is planned (no implicit delivery)",
            [RuleOf("nobody", [Recipient(StringOperator.Equals, "nobody@x.test")], null, RuleAction.OfRelay("rl-1"))],
            ["a@x.test"],
            []
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_per_recipient(string why, Rule[] rules, string[] recipients, string[] expected)
    {
        var evaluation = Evaluate(rules, recipients);

        Assert.True(expected.SequenceEqual(evaluation.Actions.Select(Describe)), $"{why}: {string.Join(" | ", evaluation.Actions.Select(Describe))}");
    }

    [Fact]
    public void Headers_added_before_an_action_travel_with_it_and_not_with_earlier_ones()
    {
        var evaluation = Evaluate(
            [RuleOf("r", null, null, RuleAction.OfRelay("rl-before"), AddHeader("X-Routed", "gmail"), AddHeader("X-Routed", "again"), RuleAction.OfRelay("rl-after"))],
            "a@x.test");

        Assert.Empty(evaluation.Actions[0].Headers);
        Assert.Equal([new AddedHeader("X-Routed", "gmail"), new AddedHeader("X-Routed", "again")], evaluation.Actions[3].Headers);
    }

    [Fact]
    public void A_header_is_added_only_for_the_recipients_its_rule_matched()
    {
        var evaluation = Evaluate(
            [RuleOf("quarantine-a", [Recipient(StringOperator.Equals, "a@x.test")], null, AddHeader("X-Quarantine", "yes")),
             RuleOf("relay", null, null, RuleAction.OfRelay("rl-1"))],
            "a@x.test", "b@x.test");

        var relays = evaluation.Actions.Where(a => a.Action.Relay is not null).ToList();
        Assert.Equal(2, relays.Count);
        Assert.Equal((["a@x.test"], new[] { new AddedHeader("X-Quarantine", "yes") }), (relays[0].Recipients.ToArray(), relays[0].Headers.ToArray()), new PlanComparer());
        Assert.Equal(["b@x.test"], relays[1].Recipients);
        Assert.Empty(relays[1].Headers);
    }

    [Fact]
    public void A_rewrite_to_an_address_an_earlier_rule_dropped_makes_a_new_recipient()
    {
        var evaluation = Evaluate(
            [RuleOf("drop-a", [Recipient(StringOperator.Equals, "a@x.test")], null, RuleAction.OfDrop()),
             RuleOf("b-to-a", [Recipient(StringOperator.Equals, "b@x.test")], null, Replace("a@x.test")),
             RuleOf("relay", null, null, RuleAction.OfRelay("rl-1"))],
            "a@x.test", "b@x.test");

        var relay = evaluation.Actions.Single(a => a.Action.Relay is not null);
        Assert.Equal(["a@x.test"], relay.Recipients);
        Assert.Equal(["b@x.test"], relay.Origins!["a@x.test"]);
    }

    private sealed class PlanComparer : IEqualityComparer<(string[], AddedHeader[])>
    {
        public bool Equals((string[], AddedHeader[]) x, (string[], AddedHeader[]) y) => x.Item1.SequenceEqual(y.Item1) && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((string[], AddedHeader[]) obj) => obj.Item1.Length;
    }

    [Fact]
    public void A_rewritten_recipient_remembers_the_envelope_recipients_it_stands_for()
    {
        var evaluation = Evaluate(
            [RuleOf("merge", null, null, Replace("team@x.test"), RuleAction.OfRelay("rl-1"))],
            "a@x.test", "b@x.test");

        var relay = evaluation.Actions[1];
        Assert.Equal(["team@x.test"], relay.Recipients);
        Assert.Equal(["a@x.test", "b@x.test"], relay.Origins!["team@x.test"]);
        Assert.Null(evaluation.Actions[0].Origins);
    }

    [Fact]
    public void The_log_has_each_rule_with_the_recipients_it_matched_and_none_when_it_did_not_apply()
    {
        var evaluation = Evaluate(
            [RuleOf("b-only", [Recipient(StringOperator.Equals, "b@x.test")], null, RuleAction.OfRelay("rl-1")),
             RuleOf("nobody", [Recipient(StringOperator.Equals, "c@x.test")], null, RuleAction.OfRelay("rl-1"))],
            "a@x.test", "b@x.test");

        Assert.Equal([(0, "b-only", "b@x.test"), (1, "nobody", "")],
            evaluation.Rules.Select(r => (r.RuleIndex, r.RuleName!, string.Join(",", r.Recipients))));
    }

    [Fact]
    public void A_rule_set_with_conditions_needs_the_message_facts_and_one_without_does_not()
    {
        Assert.False(CompiledRuleSet.Compile(new RuleSet { Rules = [RuleOf("all", null, null, RuleAction.OfDrop())] }, _ => null).NeedsFacts);
        var withConditions = CompiledRuleSet.Compile(new RuleSet { Rules = [RuleOf("gmail", [FromContains("gmail")], null, RuleAction.OfDrop())] }, _ => null);
        Assert.True(withConditions.NeedsFacts);
        Assert.Throws<ArgumentNullException>(() => withConditions.Evaluate(null, ["a@x.test"]));
    }
}
