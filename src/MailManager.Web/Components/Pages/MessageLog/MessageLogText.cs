using System.Globalization;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Web.Components.Pages.RuleSets;
using MudBlazor;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>How the message log words and colours what the model records.</summary>
internal static class MessageLogText
{
    public const string AllOption = "All";
    public const string NoHeaders = "Headers are read when the message is processed.";

    /// <summary>The Status filter's choices after "All", in the order a message moves through them.</summary>
    public static readonly IReadOnlyList<MessageStatus> Statuses = Enum.GetValues<MessageStatus>();

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    /// <summary>The exact size for the detail page, where the rounded one would hide a limit being hit.</summary>
    public static string ExactSize(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");

    /// <summary>The first recipients and how many more, so a message to a long list keeps its row one line high.</summary>
    public static string Recipients(IReadOnlyList<string> addresses, int shown = 2) =>
        addresses.Count <= shown
            ? string.Join(", ", addresses)
            : string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", addresses.Take(shown))} +{addresses.Count - shown} more");

    public static string MailFrom(string mailFrom) => mailFrom.Length == 0 ? "<> (null sender)" : mailFrom;

    public static Color StatusColor(MessageStatus status) => status switch
    {
        MessageStatus.Delivered => Color.Success,
        MessageStatus.Failed => Color.Error,
        MessageStatus.Retrying => Color.Warning,
        MessageStatus.Delivering => Color.Info,
        _ => Color.Default,
    };

    public static string ActionStatus(MessageActionStatus status) => status switch
    {
        MessageActionStatus.InProgress => "In progress",
        _ => status.ToString(),
    };

    public static Color ActionStatusColor(MessageActionStatus status) => status switch
    {
        MessageActionStatus.Succeeded => Color.Success,
        MessageActionStatus.Failed => Color.Error,
        MessageActionStatus.Retrying => Color.Warning,
        MessageActionStatus.InProgress => Color.Info,
        _ => Color.Default,
    };

    /// <summary>"Rule 1 (to-exchange) · action 2: SMTP relay (rl-…)": numbered from 1 as the rule set editor shows them.</summary>
    public static string RuleTitle(int ruleIndex, string? ruleName) => string.IsNullOrEmpty(ruleName)
        ? string.Create(CultureInfo.InvariantCulture, $"Rule {ruleIndex + 1}")
        : string.Create(CultureInfo.InvariantCulture, $"Rule {ruleIndex + 1} ({ruleName})");

    /// <summary>What a rule's actions did, in order: "Add header: Succeeded, SMTP relay: Failed".</summary>
    public static string RuleOutcome(ReceivedMessage message, int ruleIndex)
    {
        var actions = message.Actions.Where(a => a.RuleIndex == ruleIndex).OrderBy(a => a.ActionIndex).ThenBy(a => a.Id)
            .Select(a => $"{RuleSetText.ActionName(a.Type)}: {ActionStatus(a.Status)}").ToList();
        return actions.Count == 0 ? "—" : string.Join(", ", actions);
    }

    /// <summary>The action's own settings as label and value, for the log.</summary>
    public static IEnumerable<(string Label, string Value)> ActionSettings(MessageAction action)
    {
        var d = action.Definition;
        if (d?.AddHeader is { } header)
        {
            yield return ("Header", $"{header.HeaderName}: {header.HeaderValue}");
        }
        if (d?.ReplaceRecipient is { } replace)
        {
            yield return ("Replaced by", string.Join(", ", replace.ReplaceWith));
        }
        if (d?.Bounce is { } bounce)
        {
            yield return ("Bounce", $"{bounce.SmtpReplyCode} {bounce.StatusCode} {bounce.DiagnosticMessage}");
            yield return ("Sent through SMTP relay", bounce.Relay);
        }
        if (d?.DeliverToMailbox is { } mailbox)
        {
            yield return ("LMTP server", mailbox.Server);
        }
        if (d?.WriteToS3 is { } folder)
        {
            yield return ("Folder", folder.S3Prefix is null ? folder.S3Bucket : $"{folder.S3Bucket}/{folder.S3Prefix}");
        }
        if (d?.Webhook is { } webhook)
        {
            // The path and query of a webhook URL are often its credential: the log names the server only.
            yield return ("Webhook", Uri.TryCreate(webhook.Url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "(invalid URL)");
        }
        if (action.AddedHeaders.Count > 0)
        {
            yield return ("Carries headers", string.Join(", ", action.AddedHeaders.Select(h => h.Name)));
        }
        if (d?.Kind is { } kind && kind.RunsOutside)
        {
            yield return ("On failure", kind.FailurePolicy(d).ToString());
        }
    }

    public static string ActionTitle(MessageAction action)
    {
        if (action.Kind is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Gateway · {ActionName(action)}");
        }
        var rule = RuleTitle(action.RuleIndex, action.RuleName);
        return string.Create(CultureInfo.InvariantCulture, $"{rule} · action {action.ActionIndex + 1}: {ActionName(action)}");
    }

    public static string ActionName(MessageAction action) => action.Definition?.Relay is { } relay
        ? $"{RuleSetText.ActionName(action.Type)} ({relay.Relay})"
        : RuleSetText.ActionName(action.Type);

    public static string Outcome(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.TemporaryFailure => "Temporary failure",
        DeliveryOutcome.PermanentFailure => "Permanent failure",
        _ => outcome.ToString(),
    };

    public static Color OutcomeColor(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => Color.Success,
        DeliveryOutcome.TemporaryFailure => Color.Warning,
        _ => Color.Error,
    };

    public static string Tls(ReceivedMessage message) => message.TlsProtocol switch
    {
        null => "None",
        var protocol when string.IsNullOrEmpty(message.TlsCipherSuite) => protocol,
        var protocol => $"{protocol} ({message.TlsCipherSuite})",
    };

    public static string Authenticated(ReceivedMessage message) =>
        message.AuthenticatedUser is { } user ? $"Yes, as {user}" : "No";

    public static string NoActions(ReceivedMessage message) => message.Status == MessageStatus.Queued
        ? "The rule set has not run for this message yet."
        : "No rule action was carried out for this message.";
}
