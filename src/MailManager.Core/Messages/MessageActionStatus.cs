namespace MailManager.Core.Messages;

/// <summary>SES rule-set log <c>action_status</c>, with the waiting states a queue needs.</summary>
public enum MessageActionStatus
{
    Pending,
    InProgress,
    Retrying,
    Succeeded,
    Failed,
    /// <summary>Waits for an earlier action with ActionFailurePolicy DROP on the same recipients to finish.</summary>
    Waiting,
    /// <summary>Not run: an earlier action with ActionFailurePolicy DROP failed for all its recipients.</summary>
    Skipped,
}
