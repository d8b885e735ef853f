namespace MailManager.Core.IngressPoints;

/// <summary>SES <c>IngressPointStatus</c>: what the listener is doing now. Only Active and Closed are chosen by people.</summary>
public enum IngressPointStatus
{
    Provisioning,
    Deprovisioning,
    Updating,
    Active,
    Closed,
    Failed,
}
