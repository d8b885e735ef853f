using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets;

namespace MailManager.Core.Tests.RuleSets;

public sealed class RuleSetValidatorTests
{
    [Fact]
    public void A_rule_set_without_rules_is_valid_as_in_ses() =>
        Assert.True(RuleSetValidator.Validate(new RuleSetDraft { Name = "empty" }).IsValid);

    [Fact]
    public void Every_rule_needs_an_action()
    {
        var errors = RuleSetValidator.Validate(new RuleSetDraft { Name = "rs", Rules = [new Rule { Name = "r1" }] });

        Assert.Equal("Add at least one action.", Assert.Single(errors.For(RuleSetValidator.RuleActions(0))));
    }

    [Fact]
    public void A_relay_action_needs_a_relay()
    {
        var draft = new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = [RuleAction.OfDrop(), new RuleAction { Relay = new RelayAction() }] }] };

        Assert.Equal("Choose an SMTP relay.", Assert.Single(RuleSetValidator.Validate(draft).For(RuleSetValidator.ActionField(0, 1, RuleActionType.Relay, "Relay"))));
    }

    [Fact]
    public void Rule_names_must_be_unique_within_the_rule_set()
    {
        var draft = new RuleSetDraft
        {
            Name = "rs",
            Rules = [new Rule { Name = "same", Actions = [RuleAction.OfDrop()] }, new Rule { Name = "same", Actions = [RuleAction.OfDrop()] }],
        };

        Assert.Single(RuleSetValidator.Validate(draft).For(RuleSetValidator.RuleName(1)));
    }

    [Fact]
    public void At_most_40_rules_and_10_actions_per_rule()
    {
        var tooManyRules = new RuleSetDraft { Name = "rs", Rules = Enumerable.Range(0, 41).Select(_ => new Rule { Actions = [RuleAction.OfDrop()] }).ToList() };
        var tooManyActions = new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = Enumerable.Range(0, 11).Select(_ => RuleAction.OfDrop()).ToList() }] };

        Assert.Single(RuleSetValidator.Validate(tooManyRules).For(nameof(RuleSetDraft.Rules)));
        Assert.Single(RuleSetValidator.Validate(tooManyActions).For(RuleSetValidator.RuleActions(0)));
    }

    [Fact]
    public void At_most_10_relay_actions_per_rule_set()
    {
        var draft = new RuleSetDraft
        {
            Name = "rs",
            Rules = Enumerable.Range(0, 11).Select(_ => new Rule { Actions = [RuleAction.OfRelay("rl-x")] }).ToList(),
        };

        Assert.Equal("A rule set holds at most 10 SMTP relay actions.", Assert.Single(RuleSetValidator.Validate(draft).For(nameof(RuleSetDraft.Rules))));
    }
}
