namespace MailManager.Web.Components.Shared;

public static class Timestamps
{
    /// <summary>UTC, unambiguous for administrators in different time zones.</summary>
    public static string Show(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
