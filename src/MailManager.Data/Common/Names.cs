namespace MailManager.Data.Common;

internal static class Names
{
    /// <summary>'a', 'b' — how refusals name the resources that still use something.</summary>
    public static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}
