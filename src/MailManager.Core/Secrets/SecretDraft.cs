namespace MailManager.Core.Secrets;

/// <summary>What a user enters to create or change a secret.</summary>
public sealed class SecretDraft
{
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<SecretEntryDraft> Entries { get; set; } = [new()];
}

/// <summary>
/// A key/value pair being edited. A null <see cref="Value"/> on an existing key means
/// "keep the stored value": values are write-only, so the form never receives them back.
/// </summary>
public sealed class SecretEntryDraft
{
    public string Key { get; set; } = "";
    public string? Value { get; set; }
    public bool IsStored { get; set; }
}
