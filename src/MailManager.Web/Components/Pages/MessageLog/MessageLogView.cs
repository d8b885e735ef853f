namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>Which view of the message log a page shows.</summary>
public enum MessageLogView
{
    Messages,
    Sessions,
}
