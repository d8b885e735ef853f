using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>SES <c>RelayAction</c>: delivers the message to an SMTP relay's server.</summary>
public sealed class RelayAction
{
    /// <summary>The relay's ID.</summary>
    public string Relay { get; set; } = "";
    public MailFrom MailFrom { get; set; } = MailFrom.Preserve;
    public ActionFailurePolicy ActionFailurePolicy { get; set; } = ActionFailurePolicy.Continue;
}

internal sealed class RelayKind : RuleActionKind<RelayAction>
{
    public override RuleActionType Type => RuleActionType.Relay;
    public override string LogName => "RELAY";
    public override bool RunsOutside => true;
    public override bool Delivers => true;

    public override RelayAction? Member(RuleAction action) => action.Relay;

    public override ActionFailurePolicy FailurePolicy(RuleAction action) => action.Relay!.ActionFailurePolicy;

    public override IEnumerable<string> RelayIds(RuleAction action) => [action.Relay!.Relay];

    public override void Plan(RuleAction action, ActionPlanning planning) => planning.RunOutside();

    protected override void Validate(RelayAction member, string field, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(member.Relay))
        {
            errors.Add($"{field}.{nameof(RelayAction.Relay)}", "Choose an SMTP relay.");
        }
        ActionChecks.Defined(member.MailFrom, $"{field}.{nameof(RelayAction.MailFrom)}", errors);
        ActionChecks.Defined(member.ActionFailurePolicy, $"{field}.{nameof(RelayAction.ActionFailurePolicy)}", errors);
    }

    protected override void Normalize(RelayAction member) => member.Relay = member.Relay.Trim();
}
