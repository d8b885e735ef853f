namespace MailManager.Core.Messages;

/// <summary>Where a received message, or one of its recipients, stands in the message log.</summary>
public enum MessageStatus
{
    /// <summary>Stored durably and acknowledged with 250; the rule set has not run yet.</summary>
    Queued,
    /// <summary>An action is being carried out (a relay delivery in progress).</summary>
    Delivering,
    /// <summary>A delivery failed temporarily and waits for its next attempt.</summary>
    Retrying,
    /// <summary>Every relay action for it succeeded.</summary>
    Delivered,
    /// <summary>Dropped by a rule, or no rule delivered it.</summary>
    Dropped,
    /// <summary>A delivery failed permanently (5xx) or ran out of retry time.</summary>
    Failed,
}
