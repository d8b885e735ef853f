using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>SES <c>AddHeaderAction</c>: an <c>X-</c> header added to the message for the actions that follow.</summary>
public sealed class AddHeaderAction
{
    public string HeaderName { get; set; } = "";
    public string HeaderValue { get; set; } = "";
}

internal sealed partial class AddHeaderKind : RuleActionKind<AddHeaderAction>
{
    public const int MaxNameLength = 64;
    public const int MaxValueLength = 128;

    public override RuleActionType Type => RuleActionType.AddHeader;
    public override string LogName => "ADD_HEADER";

    public override AddHeaderAction? Member(RuleAction action) => action.AddHeader;

    public override void Plan(RuleAction action, ActionPlanning planning)
    {
        planning.AddHeader(action.AddHeader!.HeaderName, action.AddHeader.HeaderValue);
        planning.Record();
    }

    protected override void Validate(AddHeaderAction member, string field, ValidationErrors errors)
    {
        var name = member.HeaderName.Trim();
        if (ActionChecks.Length(name, 1, MaxNameLength, "a header name") is { } nameError)
        {
            errors.Add($"{field}.{nameof(AddHeaderAction.HeaderName)}", nameError);
        }
        else if (!NamePattern().IsMatch(name))
        {
            errors.Add($"{field}.{nameof(AddHeaderAction.HeaderName)}", "A header name starts with X- and holds letters, digits and hyphens, e.g. X-Processed-By.");
        }
        if (ActionChecks.Length(member.HeaderValue, 1, MaxValueLength, "a header value") is { } valueError)
        {
            errors.Add($"{field}.{nameof(AddHeaderAction.HeaderValue)}", valueError);
        }
        else if (!ActionChecks.IsPrintableAscii(member.HeaderValue))
        {
            // A line break would end the header and start another one the rule does not name; other bytes would need
            // SMTPUTF8 or encoded words that not every next hop takes.
            errors.Add($"{field}.{nameof(AddHeaderAction.HeaderValue)}", "A header value is one line of printable ASCII characters.");
        }
    }

    protected override void Normalize(AddHeaderAction member)
    {
        member.HeaderName = member.HeaderName.Trim();
        member.HeaderValue = member.HeaderValue.Trim();
    }

    [GeneratedRegex(@"^[xX]-[a-zA-Z0-9-]+$")]
    private static partial Regex NamePattern();
}
