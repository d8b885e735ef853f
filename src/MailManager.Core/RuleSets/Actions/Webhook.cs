using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// A webhook: our counterpart of SES <c>PublishToSnsAction</c> and <c>InvokeLambdaAction</c>. An HTTPS POST of a JSON
/// payload shaped like SES's receipt notification, signed with HMAC-SHA256 when a secret is named, retried on 5xx and
/// network errors for <see cref="RetryTimeMinutes"/>.
/// </summary>
public sealed class WebhookAction
{
    public string Url { get; set; } = "";

    /// <summary>A secret whose <see cref="SigningKeyName"/> value signs the payload; optional.</summary>
    public string? SecretId { get; set; }

    /// <summary>SES <c>SnsNotificationEncoding</c>.</summary>
    public WebhookEncoding Encoding { get; set; } = WebhookEncoding.Utf8;

    /// <summary>SES <c>SnsNotificationPayloadType</c>.</summary>
    public WebhookPayloadType PayloadType { get; set; } = WebhookPayloadType.Content;

    /// <summary>SES <c>InvokeLambdaAction.RetryTimeMinutes</c>: 0 to 2,160; 0 (or none) uses the gateway's retry lifetime.</summary>
    public int? RetryTimeMinutes { get; set; }

    public ActionFailurePolicy ActionFailurePolicy { get; set; } = ActionFailurePolicy.Continue;

    /// <summary>The key of the secret's value that signs.</summary>
    public const string SigningKeyName = "signingKey";

    /// <summary>SES <c>InvokeLambdaAction.RetryTimeMinutes</c>: at most 36 hours.</summary>
    public const int MaxRetryTimeMinutes = 2160;
}

public enum WebhookEncoding
{
    Utf8,
    Base64,
}

public enum WebhookPayloadType
{
    /// <summary>The whole message, with up to 20 KB of headers listed.</summary>
    Content,
    /// <summary>Up to 100 KB of headers, no body.</summary>
    Headers,
}

internal sealed class WebhookKind : RuleActionKind<WebhookAction>
{
    private const int MaxRetryTimeMinutes = WebhookAction.MaxRetryTimeMinutes;

    public override RuleActionType Type => RuleActionType.Webhook;
    public override string LogName => "WEBHOOK";
    public override bool RunsOutside => true;
    public override bool Delivers => true;

    public override WebhookAction? Member(RuleAction action) => action.Webhook;

    public override ActionFailurePolicy FailurePolicy(RuleAction action) => action.Webhook!.ActionFailurePolicy;

    public override IEnumerable<string> SecretIds(RuleAction action) => action.Webhook!.SecretId is { } id ? [id] : [];

    public override TimeSpan? RetryLifetime(RuleAction action) =>
        action.Webhook!.RetryTimeMinutes is > 0 and var minutes ? TimeSpan.FromMinutes(minutes) : null;

    public override void Plan(RuleAction action, ActionPlanning planning) => planning.RunOutside();

    protected override void Validate(WebhookAction member, string field, ValidationErrors errors)
    {
        var url = member.Url.Trim();
        if (url.Length == 0)
        {
            errors.Add($"{field}.{nameof(WebhookAction.Url)}", "Enter the webhook's URL.");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{field}.{nameof(WebhookAction.Url)}", "Enter an https:// URL such as https://hooks.example.com/mail.");
        }
        if (member.RetryTimeMinutes is < 0 or > MaxRetryTimeMinutes)
        {
            errors.Add($"{field}.{nameof(WebhookAction.RetryTimeMinutes)}", $"Retry for 0 to {MaxRetryTimeMinutes} minutes.");
        }
        ActionChecks.Defined(member.Encoding, $"{field}.{nameof(WebhookAction.Encoding)}", errors);
        ActionChecks.Defined(member.PayloadType, $"{field}.{nameof(WebhookAction.PayloadType)}", errors);
        ActionChecks.Defined(member.ActionFailurePolicy, $"{field}.{nameof(WebhookAction.ActionFailurePolicy)}", errors);
    }

    protected override void Normalize(WebhookAction member)
    {
        member.Url = member.Url.Trim();
        member.SecretId = string.IsNullOrWhiteSpace(member.SecretId) ? null : member.SecretId.Trim();
    }
}
