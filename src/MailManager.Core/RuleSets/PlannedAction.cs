namespace MailManager.Core.RuleSets;

/// <summary>An action a rule set decided to run for some of a message's recipients.</summary>
public sealed record PlannedAction(int RuleIndex, string? RuleName, int ActionIndex, RuleAction Action, IReadOnlyList<string> Recipients);
