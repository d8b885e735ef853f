using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace MailManager.Delivery;

/// <summary>
/// How received messages are processed and relayed. Section <c>MailManager:Delivery</c>, except
/// <see cref="ReplacementMailFrom"/> and <see cref="HeloName"/>, which also read keys of <c>MailManager:Smtp</c>
/// (see <see cref="DeliveryServiceCollectionExtensions"/>).
/// </summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string SectionName = "MailManager:Delivery";

    /// <summary>The key the issue names for the replacement sender; it wins over <c>MailManager:Delivery:ReplacementMailFrom</c>.</summary>
    public const string ReplacementMailFromKey = "MailManager:Smtp:ReplacementMailFrom";

    /// <summary>The SMTP engine's host name, also used as the EHLO name toward relays unless <see cref="HeloName"/> is set.</summary>
    public const string SmtpServerNameKey = "MailManager:Smtp:ServerName";

    /// <summary>How long a relay action keeps retrying after the message was received; then a temporary failure is final.</summary>
    public TimeSpan RetryLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Wait after the first temporary failure; each further failure doubles it (FirstRetryDelay·2^(n-1)).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long connecting to a relay (TCP, greeting, EHLO, STARTTLS) may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the relay may take to answer any one command, DATA included.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Relay deliveries running at once, across all relays.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 16;

    /// <summary>
    /// How often the processor looks for work even when nothing woke it: a safety net, since new messages and
    /// the next due retry already wake it on time.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The envelope sender (MAIL FROM) of a relay action with MailFrom = Replace. SES does not say which address it
    /// uses; here it is configured, from <c>MailManager:Smtp:ReplacementMailFrom</c>.
    /// </summary>
    public string ReplacementMailFrom { get; set; } = "mailmanager@localhost";

    /// <summary>The name sent in EHLO to relays; defaults to <c>MailManager:Smtp:ServerName</c>, else MailKit's address literal.</summary>
    public string? HeloName { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
        {
            (nameof(RetryLifetime), RetryLifetime), (nameof(FirstRetryDelay), FirstRetryDelay), (nameof(MaxRetryDelay), MaxRetryDelay),
            (nameof(ConnectTimeout), ConnectTimeout), (nameof(CommandTimeout), CommandTimeout), (nameof(PollInterval), PollInterval),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{name} must be positive.", [name]);
            }
        }
        if (MaxRetryDelay < FirstRetryDelay)
        {
            yield return new ValidationResult($"{nameof(MaxRetryDelay)} must not be below {nameof(FirstRetryDelay)}.", [nameof(MaxRetryDelay)]);
        }
        // MailKit takes its timeout in milliseconds as an int.
        if (CommandTimeout.TotalMilliseconds > int.MaxValue)
        {
            yield return new ValidationResult($"{nameof(CommandTimeout)} must be below 24 days.", [nameof(CommandTimeout)]);
        }
        if (MaxConcurrentDeliveries is < 1 or > 1000)
        {
            yield return new ValidationResult($"{nameof(MaxConcurrentDeliveries)} must be between 1 and 1000.", [nameof(MaxConcurrentDeliveries)]);
        }
        if (!IsAddress(ReplacementMailFrom))
        {
            yield return new ValidationResult(
                $"{ReplacementMailFromKey} must be an email address such as mailmanager@example.com.", [nameof(ReplacementMailFrom)]);
        }
    }

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && value.IndexOf('@') is > 0 and var at && at < value.Length - 1
        && MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address == value;
}
