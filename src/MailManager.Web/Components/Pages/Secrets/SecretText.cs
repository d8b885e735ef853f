using MailManager.Core.Secrets;

namespace MailManager.Web.Components.Pages.Secrets;

internal static class SecretText
{
    /// <summary>Shown instead of every value: the same width whatever the value, so it reveals nothing.</summary>
    public const string MaskedValue = "••••••••";

    public static string Keys(Secret secret) => string.Join(", ", secret.Keys);

    /// <summary>A new secret's draft, with empty pairs for the keys another page asks for (<c>?keys=username,password</c>).</summary>
    public static SecretDraft NewDraft(string? keys)
    {
        var names = (keys ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal)
            .Take(SecretValidator.MaxEntries)
            .ToList();
        return names.Count == 0
            ? new SecretDraft()
            : new SecretDraft { Entries = names.Select(k => new SecretEntryDraft { Key = k }).ToList() };
    }

    /// <summary>The edit form's draft: keys only, since values never leave the service.</summary>
    public static SecretDraft EditDraft(Secret secret) => new()
    {
        Name = secret.SecretName,
        Description = secret.Description,
        Entries = secret.Entries.Select(e => new SecretEntryDraft { Key = e.Key, IsStored = true }).ToList(),
    };

    /// <summary>
    /// A stored key whose value field was typed into and cleared again holds "" rather than null;
    /// the service would store that empty string, so it becomes "keep the stored value" as the helper text promises.
    /// </summary>
    public static SecretDraft KeepBlankStoredValues(SecretDraft draft)
    {
        foreach (var entry in draft.Entries.Where(e => e.IsStored && string.IsNullOrEmpty(e.Value)))
        {
            entry.Value = null;
        }
        return draft;
    }

    /// <summary>
    /// Only a path on this site (as ASP.NET Core's IsLocalUrl): "/x" but not "//host" or "/\host",
    /// so a crafted link cannot send the user elsewhere after saving.
    /// </summary>
    public static bool IsLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url)
        && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    /// <summary>The page that asked for the secret, told which one was created so it can select it.</summary>
    public static string ReturnTo(string returnUrl, string secretId) =>
        $"{returnUrl}{(returnUrl.Contains('?') ? '&' : '?')}secretId={Uri.EscapeDataString(secretId)}";
}
