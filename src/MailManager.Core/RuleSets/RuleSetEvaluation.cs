namespace MailManager.Core.RuleSets;

/// <summary>The outcome of running a rule set over a message's recipients.</summary>
public sealed record RuleSetEvaluation(
    IReadOnlyList<PlannedAction> Actions,
    IReadOnlyList<string> Dropped,
    IReadOnlyList<string> Unhandled);
