namespace MailManager.Core.Messages;

public enum DeliveryOutcome
{
    Delivered,
    /// <summary>4xx, refused connection, timeout: retried with backoff.</summary>
    TemporaryFailure,
    /// <summary>5xx: the recipients fail.</summary>
    PermanentFailure,
}
