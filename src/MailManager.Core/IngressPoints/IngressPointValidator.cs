using System.Net;
using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.IngressPoints;

public static partial class IngressPointValidator
{
    /// <summary>The key an endpoint's secret must hold, and nothing else (the ingress endpoint seed).</summary>
    public const string SecretPasswordKey = "password";

    /// <summary>
    /// SES has two ports (25 and 587). A few more allow a test port next to them; each one is a socket held open
    /// and a line on the endpoint's page, so the list stays short.
    /// </summary>
    public const int MaxPorts = 10;

    public static ValidationErrors Validate(IngressPointDraft draft)
    {
        var errors = new ValidationErrors();
        if (NameRules.CheckResourceName(draft.Name) is { } nameError)
        {
            errors.Add(nameof(IngressPointDraft.Name), nameError);
        }
        if (!Enum.IsDefined(draft.Type))
        {
            errors.Add(nameof(IngressPointDraft.Type), "Choose Open or Authenticated.");
        }
        if (draft.Type == IngressPointType.Auth)
        {
            if (draft.AuthKind == IngressAuthKind.SmtpPassword && CheckSmtpPassword(draft.SmtpPassword) is { } passwordError)
            {
                errors.Add(nameof(IngressPointDraft.SmtpPassword), passwordError);
            }
            if (draft.AuthKind == IngressAuthKind.Secret && string.IsNullOrEmpty(draft.SecretId))
            {
                errors.Add(nameof(IngressPointDraft.SecretId), "Choose a secret.");
            }
        }
        if (string.IsNullOrEmpty(draft.TrafficPolicyId))
        {
            errors.Add(nameof(IngressPointDraft.TrafficPolicyId), "Choose a traffic policy.");
        }
        if (string.IsNullOrEmpty(draft.RuleSetId))
        {
            errors.Add(nameof(IngressPointDraft.RuleSetId), "Choose a rule set.");
        }
        ValidateNetwork(draft, errors);
        return errors;
    }

    /// <summary>"General details" → Edit: the status and TLS policy are choices between two values; the network is checked.</summary>
    public static ValidationErrors ValidateGeneral(IngressPointGeneralDraft draft)
    {
        var errors = new ValidationErrors();
        ValidateNetwork(draft, errors);
        return errors;
    }

    /// <summary>
    /// The bind address and the ports on their own: an IP address, and 1 to <see cref="MaxPorts"/> distinct ports.
    /// Whether another endpoint already listens there is the service's check (<see cref="IngressPortConflicts"/>).
    /// </summary>
    public static void ValidateNetwork(IIngressNetworkDraft draft, ValidationErrors errors)
    {
        if (!IPAddress.TryParse(draft.BindAddress?.Trim(), out _))
        {
            errors.Add(nameof(IIngressNetworkDraft.BindAddress), "Enter an IP address to listen on, such as 0.0.0.0 (all IPv4 addresses) or 127.0.0.1.");
        }
        if (draft.Ports.Count == 0)
        {
            errors.Add(nameof(IIngressNetworkDraft.Ports), "Add at least one port.");
        }
        else if (draft.Ports.Count > MaxPorts)
        {
            errors.Add(nameof(IIngressNetworkDraft.Ports), $"An ingress endpoint listens on at most {MaxPorts} ports.");
        }
        for (var i = 0; i < draft.Ports.Count; i++)
        {
            var port = draft.Ports[i].Port;
            if (port is null)
            {
                errors.Add(PortField(i), "Enter the port.");
            }
            else if (port is < 1 or > 65535)
            {
                errors.Add(PortField(i), "The port must be between 1 and 65535.");
            }
            else if (draft.Ports.Take(i).Any(p => p.Port == port))
            {
                errors.Add(PortField(i), $"Port {port} is listed twice.");
            }
        }
    }

    /// <summary>The validation key of the draft's port at <paramref name="index"/>: <c>Ports[1].Port</c>.</summary>
    public static string PortField(int index) => $"{nameof(IIngressNetworkDraft.Ports)}[{index}].{nameof(IngressPortDraft.Port)}";

    /// <summary>The draft's ports as an endpoint stores them: ascending. Call on a valid draft only.</summary>
    public static List<int> PortsOf(IIngressNetworkDraft draft) => [.. draft.Ports.Select(p => p.Port!.Value).Order()];

    /// <summary>SES <c>SmtpPassword</c>: 8-64 of <c>[A-Za-z0-9!@#$%^&amp;*()_+\-=\[\]{}|.,?]</c>.</summary>
    public static string? CheckSmtpPassword(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter an SMTP password.";
        }
        if (password.Length is < 8 or > 64)
        {
            return "The SMTP password must be 8 to 64 characters long.";
        }
        return SmtpPasswordPattern().IsMatch(password)
            ? null
            : "The SMTP password can contain only letters, numbers and the characters ! @ # $ % ^ & * ( ) _ + - = [ ] { } | . , ?";
    }

    [GeneratedRegex(@"^[A-Za-z0-9!@#$%^&*()_+\-=\[\]{}|.,?]+$")]
    private static partial Regex SmtpPasswordPattern();
}
