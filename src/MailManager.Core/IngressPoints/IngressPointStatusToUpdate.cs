namespace MailManager.Core.IngressPoints;

/// <summary>SES <c>IngressPointStatusToUpdate</c>: the state an administrator asks for.</summary>
public enum IngressPointStatusToUpdate
{
    Active,
    Closed,
}
