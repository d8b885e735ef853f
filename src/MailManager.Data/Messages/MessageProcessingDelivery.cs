using MailManager.Core.RuleSets;

namespace MailManager.Data.Messages;

/// <summary>
/// A relay action claimed for one delivery attempt (now InProgress): everything the deliverer needs
/// without another query.
/// </summary>
/// <param name="EnvelopeFrom">The envelope sender as received; empty for the null sender (bounces).</param>
/// <param name="AttemptNumber">The number of this attempt, starting at 1.</param>
public sealed record MessageProcessingDelivery(
    long ActionId,
    string MessageId,
    string RelayId,
    MailFrom MailFrom,
    string EnvelopeFrom,
    IReadOnlyList<string> Recipients,
    int AttemptNumber,
    DateTimeOffset ExpiresTimestamp);
