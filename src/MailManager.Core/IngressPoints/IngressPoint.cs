using MailManager.Core.Common;

namespace MailManager.Core.IngressPoints;

/// <summary>
/// An ingress endpoint (SES <c>IngressPoint</c>): real SMTP listeners on <see cref="BindAddress"/>, one per port of
/// <see cref="Ports"/>, that apply one traffic policy during the session and one rule set to accepted mail.
/// </summary>
public sealed class IngressPoint : IHasTimestamps
{
    public string IngressPointId { get; set; } = "";
    public string IngressPointName { get; set; } = "";
    public IngressPointType Type { get; set; }
    /// <summary>What the listener is doing; set by the endpoint supervisor.</summary>
    public IngressPointStatus Status { get; set; } = IngressPointStatus.Provisioning;
    /// <summary>Why the status is Failed (for example "Address already in use"); null otherwise.</summary>
    public string? StatusReason { get; set; }
    /// <summary>What the administrator asked for: Active (listen) or Closed (refuse connections).</summary>
    public IngressPointStatusToUpdate DesiredStatus { get; set; } = IngressPointStatusToUpdate.Active;
    public string TrafficPolicyId { get; set; } = "";
    public string RuleSetId { get; set; } = "";
    public TlsPolicy TlsPolicy { get; set; } = TlsPolicy.Optional;
    public string BindAddress { get; set; } = "0.0.0.0";
    /// <summary>
    /// The ports it listens on, ascending, at least one: SES offers 25 on Open endpoints and 25 and 587 (submission,
    /// RFC 2476) on Authenticated ones. The endpoint is Active only while every one of them is bound.
    /// </summary>
    public List<int> Ports { get; set; } = [];
    /// <summary>Authenticated with an SMTP password: its salted hash, never the password.</summary>
    public string? SmtpPasswordHash { get; set; }
    /// <summary>Authenticated with a secret: the secret holding the key <c>password</c>.</summary>
    public string? SecretId { get; set; }
    /// <summary>Counts password replacements (SES <c>SmtpPasswordVersion</c>).</summary>
    public int SmtpPasswordVersion { get; set; }
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastModifiedTimestamp { get; set; }

    public IngressAuthKind? AuthKind => Type != IngressPointType.Auth ? null
        : SecretId is not null ? IngressAuthKind.Secret : IngressAuthKind.SmtpPassword;
}
