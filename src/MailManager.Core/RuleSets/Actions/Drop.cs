using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>SES <c>DropAction</c>: no fields.</summary>
public sealed class DropAction
{
}

/// <summary>Drop: stops processing for the recipients its rule matched; later rules go on for the others.</summary>
internal sealed class DropKind : RuleActionKind<DropAction>
{
    public override RuleActionType Type => RuleActionType.Drop;
    public override string LogName => "DROP";
    public override bool Finishes => true;

    public override DropAction? Member(RuleAction action) => action.Drop;

    public override void Plan(RuleAction action, ActionPlanning planning)
    {
        planning.Record();
        planning.Finish();
    }
}
