using MailManager.Core.Common;
using MailManager.Core.Relays;
using MailManager.Core.Secrets;

namespace MailManager.Web.Components.Pages.SmtpRelays;

internal static class SmtpRelayText
{
    public const string NoAuthentication = "No authentication";

    /// <summary>
    /// The form's state for "Use a secret" chosen but no secret picked yet. The draft keeps it so
    /// all form state stays in one object; <see cref="Validate"/> never lets it reach the service.
    /// </summary>
    public const string SecretNotChosen = "";

    /// <summary>The core's rules, plus the one only the form can break: "Use a secret" without a secret.</summary>
    public static ValidationErrors Validate(RelayDraft draft)
    {
        var errors = RelayValidator.Validate(draft);
        if (draft.SecretId == SecretNotChosen)
        {
            errors.Add(nameof(RelayDraft.SecretId), "Choose a secret, or select No authentication.");
        }
        return errors;
    }

    public static RelayDraft EditDraft(Relay relay) => new()
    {
        Name = relay.RelayName,
        ServerName = relay.ServerName,
        ServerPort = relay.ServerPort,
        SecretId = relay.SecretId,
    };

    public static string SecretOption(Secret secret) => $"{secret.SecretName} ({secret.SecretId})";

    /// <summary>The secret's name, or its ID when it is not (or no longer) in the list.</summary>
    public static string SecretName(string secretId, IReadOnlyDictionary<string, string> namesById) =>
        namesById.TryGetValue(secretId, out var name) ? name : secretId;

    /// <summary>"Create new" opens the secret form with the relay's keys and brings the user back here.</summary>
    public static string CreateSecretHref(string returnPath) =>
        $"secrets/create?keys={string.Join(',', RelayCredentialKeys.All)}&returnUrl={Uri.EscapeDataString(returnPath)}";
}
