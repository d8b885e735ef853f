namespace MailManager.Core.Relays;

/// <summary>What a user enters to create or change an SMTP relay.</summary>
public sealed class RelayDraft
{
    public string Name { get; set; } = "";
    public string ServerName { get; set; } = "";
    public int? ServerPort { get; set; } = 25;
    /// <summary>The secret holding <c>username</c> and <c>password</c>; null for no authentication.</summary>
    public string? SecretId { get; set; }
}
