namespace MailManager.Core.Messages;

/// <summary>SES rule-set log <c>action_status</c>, with the waiting states a queue needs.</summary>
public enum MessageActionStatus
{
    Pending,
    InProgress,
    Retrying,
    Succeeded,
    Failed,
}
