using System.ComponentModel.DataAnnotations;
using MailManager.Data;

namespace MailManager.Delivery.Actions;

/// <summary>
/// Where "Write to folder" writes and how "Webhook" posts. Section <c>MailManager:Actions</c>; registered and
/// validated on start by <see cref="ActionServiceCollectionExtensions.AddMailManagerActionTransports"/>.
/// </summary>
public sealed class ActionOptions : IValidatableObject
{
    public const string SectionName = "MailManager:Actions";

    /// <summary>The longest webhook timeout accepted: a POST that takes longer holds a delivery slot too long.</summary>
    public static readonly TimeSpan MaxWebhookTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The largest content cap accepted: the JSON body (Base64 adds a third) is built in memory to be signed.</summary>
    public const long MaxWebhookContentBytesLimit = 256L * 1024 * 1024;

    /// <summary>
    /// The folder under which "Write to folder" actions write (<c>{FolderRoot}/{bucket}/{prefix}</c>). A relative
    /// path resolves against the data folder (<c>MailManager:DataDirectory</c>), like the database file: the default
    /// is <c>{data}/folders</c>. See <see cref="ResolveFolderRoot"/>.
    /// </summary>
    public string FolderRoot { get; set; } = "folders";

    /// <summary>How long one webhook POST may take, connecting included, until the answer's status line.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest raw message a webhook with payload type Content carries; above it the action fails for good.</summary>
    public long WebhookMaxContentBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>Whether webhook URLs may use plain http. Off by default: the payload carries the whole message.</summary>
    public bool AllowInsecureWebhooks { get; set; }

    /// <summary>The full path of <see cref="FolderRoot"/> for this data folder.</summary>
    public string ResolveFolderRoot(StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return Path.GetFullPath(Path.Combine(storage.FullDataDirectory, FolderRoot));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(FolderRoot) || FolderRoot.Any(char.IsControl))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(FolderRoot)} must be a folder path (relative paths resolve against MailManager:DataDirectory).",
                [nameof(FolderRoot)]);
        }
        if (WebhookTimeout <= TimeSpan.Zero || WebhookTimeout > MaxWebhookTimeout)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(WebhookTimeout)} must be positive and at most {MaxWebhookTimeout:c}.", [nameof(WebhookTimeout)]);
        }
        if (WebhookMaxContentBytes is < 1 or > MaxWebhookContentBytesLimit)
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(WebhookMaxContentBytes)} must be between 1 and {MaxWebhookContentBytesLimit} bytes.",
                [nameof(WebhookMaxContentBytes)]);
        }
    }
}
