using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// SES <c>DeliverToMailboxAction</c> (console: Deliver to mailbox). SES delivers into WorkMail; here the message goes
/// by LMTP (RFC 2033) to a mail store such as Dovecot, named by <see cref="Server"/>.
/// </summary>
public sealed class DeliverToMailboxAction
{
    /// <summary>The LMTP server: <c>host</c>, <c>host:port</c> (port 24 by default) or an absolute Unix socket path.</summary>
    public string Server { get; set; } = "";

    public ActionFailurePolicy ActionFailurePolicy { get; set; } = ActionFailurePolicy.Continue;
}

internal sealed class DeliverToMailboxKind : RuleActionKind<DeliverToMailboxAction>
{
    public override RuleActionType Type => RuleActionType.DeliverToMailbox;
    public override string LogName => "DELIVER_TO_MAILBOX";
    public override bool RunsOutside => true;
    public override bool Delivers => true;

    public override DeliverToMailboxAction? Member(RuleAction action) => action.DeliverToMailbox;

    public override ActionFailurePolicy FailurePolicy(RuleAction action) => action.DeliverToMailbox!.ActionFailurePolicy;

    public override void Plan(RuleAction action, ActionPlanning planning) => planning.RunOutside();

    protected override void Validate(DeliverToMailboxAction member, string field, ValidationErrors errors)
    {
        if (!LmtpServer.TryParse(member.Server, out _, out var error))
        {
            errors.Add($"{field}.{nameof(DeliverToMailboxAction.Server)}", error);
        }
        ActionChecks.Defined(member.ActionFailurePolicy, $"{field}.{nameof(DeliverToMailboxAction.ActionFailurePolicy)}", errors);
    }

    protected override void Normalize(DeliverToMailboxAction member) => member.Server = member.Server.Trim();
}
