using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>SES <c>ReplaceRecipientAction</c> (console: Email recipients rewrite): the matched envelope recipients become these.</summary>
public sealed class ReplaceRecipientAction
{
    /// <summary>SES model: 1 to 100 addresses.</summary>
    public const int MaxAddresses = 100;

    public List<string> ReplaceWith { get; set; } = [];
}

internal sealed class ReplaceRecipientKind : RuleActionKind<ReplaceRecipientAction>
{
    private const int MaxAddresses = ReplaceRecipientAction.MaxAddresses;

    public override RuleActionType Type => RuleActionType.ReplaceRecipient;
    public override string LogName => "REPLACE_RECIPIENT";

    public override ReplaceRecipientAction? Member(RuleAction action) => action.ReplaceRecipient;

    public override void Plan(RuleAction action, ActionPlanning planning)
    {
        // Recorded first, so the log shows the recipients that were replaced.
        planning.Record();
        planning.Replace(action.ReplaceRecipient!.ReplaceWith);
    }

    protected override void Validate(ReplaceRecipientAction member, string field, ValidationErrors errors)
    {
        var key = $"{field}.{nameof(ReplaceRecipientAction.ReplaceWith)}";
        if (member.ReplaceWith.Count == 0)
        {
            errors.Add(key, "Enter at least one email address.");
        }
        else if (member.ReplaceWith.Count > MaxAddresses)
        {
            errors.Add(key, $"Enter at most {MaxAddresses} email addresses.");
        }
        for (var k = 0; k < member.ReplaceWith.Count; k++)
        {
            if (ActionChecks.Address(member.ReplaceWith[k]) is { } error)
            {
                errors.Add($"{key}[{k}]", error);
            }
        }
    }

    protected override void Normalize(ReplaceRecipientAction member) =>
        member.ReplaceWith = member.ReplaceWith.Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
