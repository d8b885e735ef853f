using MailManager.Core.RuleSets;

namespace MailManager.Core.Messages;

/// <summary>
/// What processing a queued message decided: the rule set that ran and its plan, the header block and subject
/// read from the spool file (kept for the message log once the file is gone), and how long its actions are retried
/// (unless an action says otherwise).
/// </summary>
public sealed record MessageProcessingEvaluation(
    string MessageId,
    string? RuleSetId,
    string? Headers,
    string? Subject,
    RuleSetEvaluation Evaluation,
    TimeSpan RetryLifetime);
