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

    /// <summary>
    /// Whether new endpoints are offered SES's ports (25, and 587 for Authenticated) when they can be bound. Off, they are
    /// offered ports of the range: for hosts where another MTA owns 25, or behind a NAT that maps 25 to the range. It
    /// matters most for endpoints created through the API, which has no port member.
    /// </summary>
    public bool PreferStandardPorts { get; set; } = true;

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
