using System.Globalization;
using System.Text;
using MailManager.Core.Common;
using MailManager.Core.IngressPoints;
using MailManager.Core.Secrets;
using MailManager.Data.Common;
using MudBlazor;

namespace MailManager.Web.Components.Pages.IngressEndpoints;

/// <summary>The console's words for ingress endpoints, and the small rules the pages share.</summary>
internal static class IngressEndpointText
{
    public const string ListHref = "ingress-endpoints";

    public static string DetailHref(string id) => $"ingress-endpoints/{id}";

    public static string TypeName(IngressPointType type) => type switch
    {
        IngressPointType.Open => "Open",
        IngressPointType.Auth => "Authenticated",
        _ => type.ToString(),
    };

    public static string AuthKindName(IngressAuthKind kind) => kind switch
    {
        IngressAuthKind.SmtpPassword => "SMTP password",
        IngressAuthKind.Secret => "Secret",
        _ => kind.ToString(),
    };

    // Transitional states share one colour: the supervisor is still working on them.
    public static Color StatusColor(IngressPointStatus status) => status switch
    {
        IngressPointStatus.Active => Color.Success,
        IngressPointStatus.Failed => Color.Error,
        IngressPointStatus.Closed => Color.Default,
        _ => Color.Info,
    };

    public const string PasswordHelp =
        "8-64 characters: letters, numbers and ! @ # $ % ^ & * ( ) _ + - = [ ] { } | . , ? " +
        "Senders log in with the endpoint ID and this password. It is stored as a hash and cannot be shown again.";

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An endpoint's ports as the detail page lists them: "25, 587".</summary>
    public static string PortList(IEnumerable<int> ports) => string.Join(", ", ports.Select(Number));

    /// <summary>What the ports of the create and edit forms are for, with the seed's ports for each type.</summary>
    public static string PortsHelp(string aRecord) =>
        $"Senders connect to {aRecord} on each of these ports, with STARTTLS. As in SES, an Open endpoint uses 25, " +
        "an Authenticated one 25 and 587 (message submission, RFC 2476). Each port is a listener of its own.";

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// An SMTP AUTH LOGIN exchange as in the SES guide, with this endpoint's user name filled in.
    /// The password stays a placeholder: the console never knows it after saving.
    /// </summary>
    public static string AuthLoginExample(string ingressPointId) => string.Join('\n',
        "S: 250 AUTH LOGIN PLAIN",
        "C: AUTH LOGIN",
        "S: 334 VXNlcm5hbWU6",
        $"C: {Base64(ingressPointId)}",
        "S: 334 UGFzc3dvcmQ6",
        "C: <Base64 of your password>",
        "S: 235 2.7.0 Authentication successful");

    public static string SecretOption(Secret secret) => $"{secret.SecretName} ({secret.SecretId})";

    /// <summary>"Create new" opens the secret form with the one key an endpoint's secret may hold, and comes back here.</summary>
    public static string CreateSecretHref(string returnPath) =>
        $"secrets/create?keys={IngressPointValidator.SecretPasswordKey}&returnUrl={Uri.EscapeDataString(returnPath)}";

    /// <summary>The core's rules for the fields one edit form shows; the rest of the draft is not being edited.</summary>
    public static Func<IngressPointDraft, ValidationErrors> ValidateOnly(params string[] fields) => draft =>
    {
        var all = IngressPointValidator.Validate(draft);
        var shown = new ValidationErrors();
        foreach (var field in fields)
        {
            foreach (var message in all.For(field))
            {
                shown.Add(field, message);
            }
        }
        return shown;
    };

    /// <summary>
    /// An edit form shows only some fields; a service message about another one (the traffic policy
    /// while the rule set is edited) would land on no field and vanish, so it goes to the form as a whole.
    /// </summary>
    public static SaveResult ShowOn(SaveResult result, params string[] fields)
    {
        if (result.Errors.IsValid)
        {
            return result;
        }
        var errors = new ValidationErrors();
        foreach (var (field, messages) in result.Errors.ByField)
        {
            foreach (var message in messages)
            {
                errors.Add(fields.Contains(field) ? field : "", message);
            }
        }
        return result with { Errors = errors };
    }
}
