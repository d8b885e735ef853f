namespace MailManager.Web.Components.Pages.TrafficPolicies;

internal static class TrafficPolicyText
{
    public static string MaxSize(long? bytes) => bytes is null ? "No limit (40 MB)" : $"{bytes:N0} bytes";
}
