namespace MailManager.Core.Secrets;

/// <summary>One key of a secret. <see cref="ProtectedValue"/> is ciphertext, never the value itself.</summary>
public sealed class SecretEntry
{
    public string Key { get; set; } = "";
    public string ProtectedValue { get; set; } = "";
    public DateTimeOffset LastChangedTimestamp { get; set; }
}
