using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.RuleSets;

/// <summary>
/// An action a rule set decided to run for some of a message's recipients, with the headers earlier AddHeader actions put
/// on the message. <see cref="Origins"/> maps each recipient to the envelope recipients it stands for when a
/// ReplaceRecipient rewrote them; null when every recipient is one of the envelope's own.
/// </summary>
public sealed record PlannedAction(
    int RuleIndex,
    string? RuleName,
    int ActionIndex,
    RuleAction Action,
    IReadOnlyList<string> Recipients,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Origins,
    IReadOnlyList<AddedHeader> Headers,
    bool RunsOutside);

/// <summary>SES's rule-set log record of a rule: the recipients it matched (none: it did not apply).</summary>
public sealed record RuleMatch(int RuleIndex, string? RuleName, IReadOnlyList<string> Recipients);

/// <summary>The outcome of running a rule set over a message's recipients.</summary>
public sealed record RuleSetEvaluation(IReadOnlyList<PlannedAction> Actions, IReadOnlyList<RuleMatch> Rules)
{
    public static readonly RuleSetEvaluation None = new([], []);
}
