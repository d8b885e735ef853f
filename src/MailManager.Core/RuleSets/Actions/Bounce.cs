using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// SES <c>BounceAction</c>: a delivery status notification (RFC 3464) to the envelope sender, then the matched recipients
/// are finished. SES sends it with SendBounce; here it goes through <see cref="Relay"/>, one of the SMTP relays.
/// </summary>
public sealed class BounceAction
{
    /// <summary>The notification's From address.</summary>
    public string Sender { get; set; } = "";

    /// <summary>The enhanced status code (RFC 3463), e.g. <c>5.1.1</c>.</summary>
    public string StatusCode { get; set; } = "";

    /// <summary>The SMTP reply code, e.g. <c>550</c>.</summary>
    public string SmtpReplyCode { get; set; } = "";

    /// <summary>The notification's <c>Diagnostic-Code</c> text.</summary>
    public string DiagnosticMessage { get; set; } = "";

    /// <summary>The human-readable text of the notification, optional.</summary>
    public string? Message { get; set; }

    /// <summary>The SMTP relay the notification is sent through (our counterpart of SES's own sending).</summary>
    public string Relay { get; set; } = "";

    public ActionFailurePolicy ActionFailurePolicy { get; set; } = ActionFailurePolicy.Continue;
}

internal sealed partial class BounceKind : RuleActionKind<BounceAction>
{
    public const int MaxDiagnosticLength = 256;
    public const int MaxMessageLength = 500;

    public override RuleActionType Type => RuleActionType.Bounce;
    public override string LogName => "BOUNCE";
    public override bool RunsOutside => true;
    public override bool Finishes => true;

    public override BounceAction? Member(RuleAction action) => action.Bounce;

    public override ActionFailurePolicy FailurePolicy(RuleAction action) => action.Bounce!.ActionFailurePolicy;

    public override IEnumerable<string> RelayIds(RuleAction action) => [action.Bounce!.Relay];

    public override void Plan(RuleAction action, ActionPlanning planning)
    {
        planning.RunOutside();
        planning.Finish();
    }

    protected override void Validate(BounceAction member, string field, ValidationErrors errors)
    {
        if (ActionChecks.Address(member.Sender) is { } sender)
        {
            errors.Add($"{field}.{nameof(BounceAction.Sender)}", sender);
        }
        var status = member.StatusCode.Trim();
        var reply = member.SmtpReplyCode.Trim();
        if (!StatusPattern().IsMatch(status))
        {
            errors.Add($"{field}.{nameof(BounceAction.StatusCode)}", "Enter an enhanced status code such as 5.1.1 (class 4 or 5).");
        }
        if (!ReplyPattern().IsMatch(reply))
        {
            errors.Add($"{field}.{nameof(BounceAction.SmtpReplyCode)}", "Enter an SMTP reply code such as 550 (4xx or 5xx).");
        }
        else if (StatusPattern().IsMatch(status) && status[0] != reply[0])
        {
            errors.Add($"{field}.{nameof(BounceAction.StatusCode)}", $"The status code's class ({status[0]}) must match the reply code's ({reply[0]}).");
        }
        if (ActionChecks.Length(member.DiagnosticMessage, 1, MaxDiagnosticLength, "a diagnostic message") is { } diagnostic)
        {
            errors.Add($"{field}.{nameof(BounceAction.DiagnosticMessage)}", diagnostic);
        }
        else if (!ActionChecks.IsPrintableAscii(member.DiagnosticMessage))
        {
            errors.Add($"{field}.{nameof(BounceAction.DiagnosticMessage)}", "The diagnostic message is printable ASCII on one line.");
        }
        if (member.Message is { Length: > 0 } && ActionChecks.Length(member.Message, 1, MaxMessageLength, "a message") is { } message)
        {
            errors.Add($"{field}.{nameof(BounceAction.Message)}", message);
        }
        if (string.IsNullOrWhiteSpace(member.Relay))
        {
            errors.Add($"{field}.{nameof(BounceAction.Relay)}", "Choose the SMTP relay that sends the bounce.");
        }
        ActionChecks.Defined(member.ActionFailurePolicy, $"{field}.{nameof(BounceAction.ActionFailurePolicy)}", errors);
    }

    protected override void Normalize(BounceAction member)
    {
        member.Sender = member.Sender.Trim();
        member.StatusCode = member.StatusCode.Trim();
        member.SmtpReplyCode = member.SmtpReplyCode.Trim();
        member.DiagnosticMessage = member.DiagnosticMessage.Trim();
        member.Message = string.IsNullOrWhiteSpace(member.Message) ? null : member.Message.Trim();
        member.Relay = member.Relay.Trim();
    }

    [GeneratedRegex(@"^[45]\.[0-9]{1,3}\.[0-9]{1,3}$")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"^[45][0-9][0-9]$")]
    private static partial Regex ReplyPattern();
}
