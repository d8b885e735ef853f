using MailManager.Core.Common;

namespace MailManager.Core.Secrets;

/// <summary>
/// Our counterpart of a Secrets Manager secret: named key/value pairs whose values are kept
/// encrypted at rest and are never shown again after saving (write-only).
/// </summary>
public sealed class Secret : IHasTimestamps
{
    public string SecretId { get; set; } = "";
    public string SecretName { get; set; } = "";
    public string? Description { get; set; }
    public List<SecretEntry> Entries { get; set; } = [];
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastModifiedTimestamp { get; set; }

    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    public bool HasExactlyKeys(params string[] keys) =>
        Entries.Count == keys.Length && keys.All(k => Entries.Any(e => e.Key == k));
}
