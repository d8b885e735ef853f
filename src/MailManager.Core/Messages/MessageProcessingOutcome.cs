namespace MailManager.Core.Messages;

/// <summary>
/// How one attempt ended for some of an action's recipients. One attempt can end several ways at once:
/// the server may accept some recipients and refuse others.
/// </summary>
public sealed record MessageProcessingOutcome(IReadOnlyList<string> Recipients, DeliveryOutcome Outcome, string Reply);
