using System.Net;
using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.IngressPoints;

public static partial class IngressPointValidator
{
    /// <summary>The key an endpoint's secret must hold, and nothing else (the ingress endpoint seed).</summary>
    public const string SecretPasswordKey = "password";

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
        if (!IPAddress.TryParse(draft.BindAddress, out _))
        {
            errors.Add(nameof(IngressPointDraft.BindAddress), "Enter an IP address to listen on, such as 0.0.0.0 (all IPv4 addresses) or 127.0.0.1.");
        }
        if (draft.Port is null)
        {
            errors.Add(nameof(IngressPointDraft.Port), "Enter the port.");
        }
        else if (draft.Port is < 1 or > 65535)
        {
            errors.Add(nameof(IngressPointDraft.Port), "The port must be between 1 and 65535.");
        }
        return errors;
    }

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
