using MailManager.Core.RuleSets.Actions;

namespace MailManager.Data.Messages;

/// <summary>
/// An action claimed for one attempt (now InProgress): everything its executor needs without another query.
/// </summary>
/// <param name="Definition">The action as planned; null for the gateway's own notices.</param>
/// <param name="EnvelopeFrom">The envelope sender as received; empty for the null sender (bounces).</param>
/// <param name="AddedHeaders">Headers earlier AddHeader actions put on the message, to put before its own.</param>
/// <param name="AttemptNumber">The number of this attempt, starting at 1.</param>
/// <param name="Origins">For rewritten recipients, the envelope recipients each stands for.</param>
public sealed record MessageProcessingDelivery(
    long ActionId,
    string MessageId,
    RuleActionType Type,
    RuleAction? Definition,
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<AddedHeader> AddedHeaders,
    int AttemptNumber,
    DateTimeOffset ExpiresTimestamp,
    int RuleIndex,
    string? RuleName,
    int ActionIndex,
    IReadOnlyDictionary<string, List<string>>? Origins = null)
{
    /// <summary>The envelope recipients the claimed recipients stand for (themselves unless a rewrite came before).</summary>
    public IReadOnlyList<string> EnvelopeRecipients =>
        Origins is null ? Recipients : Recipients.SelectMany(r => Origins.TryGetValue(r, out var o) ? o : [r]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
