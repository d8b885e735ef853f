using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MailManager.Ingress;

/// <summary>How ingress endpoints are offered on this host. Section <c>MailManager:Ingress</c>.</summary>
public sealed class IngressOptions : IValidatableObject
{
    public const string SectionName = "MailManager:Ingress";

    /// <summary>The DNS name senders use: shown as the endpoint's ARecord (SES's A record), and the MX target.</summary>
    [Required]
    public string PublicHostName { get; set; } = "localhost";

    /// <summary>The address proposed for new endpoints.</summary>
    [Required]
    public string DefaultBindAddress { get; set; } = "0.0.0.0";

    /// <summary>The range a free port is proposed from for a new endpoint (SES uses 25 and 587; those need root here).</summary>
    [Range(1, 65535)]
    public int PortRangeStart { get; set; } = 2525;

    [Range(1, 65535)]
    public int PortRangeEnd { get; set; } = 2599;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PortRangeEnd < PortRangeStart)
        {
            yield return new ValidationResult("PortRangeEnd must not be below PortRangeStart.", [nameof(PortRangeEnd)]);
        }
        if (!IPAddress.TryParse(DefaultBindAddress, out _))
        {
            yield return new ValidationResult("DefaultBindAddress must be an IP address.", [nameof(DefaultBindAddress)]);
        }
    }
}
