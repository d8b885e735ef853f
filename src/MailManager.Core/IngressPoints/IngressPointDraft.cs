namespace MailManager.Core.IngressPoints;

/// <summary>What a user enters to create an ingress endpoint, in the order of the SES console's form.</summary>
public sealed class IngressPointDraft : IIngressNetworkDraft
{
    public string Name { get; set; } = "";
    public IngressPointType Type { get; set; } = IngressPointType.Open;
    public IngressAuthKind AuthKind { get; set; } = IngressAuthKind.SmtpPassword;
    public string? SmtpPassword { get; set; }
    public string? SecretId { get; set; }
    public string? TrafficPolicyId { get; set; }
    public string? RuleSetId { get; set; }
    public string BindAddress { get; set; } = "0.0.0.0";
    /// <summary>One field per port; the form starts with one to fill in.</summary>
    public List<IngressPortDraft> Ports { get; set; } = [new()];
    public TlsPolicy TlsPolicy { get; set; } = TlsPolicy.Optional;
}
