using MailManager.Core.Common;

namespace MailManager.Core.TrafficPolicies;

/// <summary>
/// A traffic policy (SES <c>TrafficPolicy</c>, §5): decides during the SMTP session which
/// recipients are accepted. Policy statements come in a later issue; until then the default
/// action decides every recipient and <see cref="MaxMessageSizeBytes"/> bounds DATA.
/// </summary>
public sealed class TrafficPolicy : IHasTimestamps
{
    public string TrafficPolicyId { get; set; } = "";
    public string TrafficPolicyName { get; set; } = "";
    public AcceptAction DefaultAction { get; set; }
    public long? MaxMessageSizeBytes { get; set; }
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastModifiedTimestamp { get; set; }
}
