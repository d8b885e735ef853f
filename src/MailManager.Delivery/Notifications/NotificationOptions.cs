using System.ComponentModel.DataAnnotations;
using MailManager.Core.Common;
using MimeKit;

namespace MailManager.Delivery.Notifications;

/// <summary>
/// How the gateway tells senders about mail it accepted but could not deliver (RFC 5321 §6.1: after its
/// <c>250</c> it must). Section <c>MailManager:Notifications</c>; <see cref="Sender"/> defaults from
/// <c>MailManager:Smtp:ServerName</c> (see <see cref="NotificationServiceCollectionExtensions"/>).
/// </summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "MailManager:Notifications";
    public const string RelayKey = SectionName + ":" + nameof(Relay);
    public const string SenderKey = SectionName + ":" + nameof(Sender);

    /// <summary>The local part of the default <see cref="Sender"/>, as Postfix's and Sendmail's bounces.</summary>
    public const string DefaultSenderLocalPart = "MAILER-DAEMON";

    /// <summary>
    /// The name or ID of the SMTP relay the gateway sends its delivery status notifications through when
    /// delivery fails for good. Empty: none is configured and senders are not told (the SMTP relays page says so).
    /// A relay that does not exist (yet) is not a start-up error: relays are created in the console.
    /// </summary>
    public string Relay { get; set; } = "";

    /// <summary>The From address of the notifications; <c>MAILER-DAEMON@</c> the SMTP server name (or the machine name) unless set.</summary>
    public string Sender { get; set; } = "";

    /// <summary>The default sender on a host: <c>MAILER-DAEMON@{serverName}</c>, else <c>@</c> the machine name.</summary>
    public static string DefaultSender(string? serverName) =>
        $"{DefaultSenderLocalPart}@{(string.IsNullOrWhiteSpace(serverName) ? Environment.MachineName : serverName.Trim())}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Relay.Length > 0 && NameRules.CheckResourceName(Relay) is not null)
        {
            yield return Error(nameof(Relay), RelayKey,
                $"must be the name or ID of an SMTP relay ({NameRules.ResourceNameMin} to {NameRules.ResourceNameMax} letters, numbers, hyphens and underscores), or empty for none");
        }
        if (!IsAddress(Sender))
        {
            yield return Error(nameof(Sender), SenderKey, "must be an email address such as MAILER-DAEMON@mail.example.com");
        }
    }

    // The full key, so the administrator finds the line to fix.
    private static ValidationResult Error(string name, string key, string problem) => new($"{key} {problem}.", [name]);

    private static bool IsAddress(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && value.IndexOf('@') is > 0 and var at && at < value.Length - 1
        && MailboxAddress.TryParse(value, out var mailbox) && mailbox.Address == value;
}
