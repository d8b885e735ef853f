using MailManager.Core.Common;

namespace MailManager.Core.TrafficPolicies;

/// <summary>
/// A traffic policy (SES <c>TrafficPolicy</c>): decides during the SMTP session which recipients are accepted. Its
/// <see cref="PolicyStatements"/> decide first (DENY, then ALLOW, see <see cref="CompiledTrafficPolicy"/>), the
/// default action decides the rest, and <see cref="MaxMessageSizeBytes"/> bounds DATA.
/// </summary>
public sealed class TrafficPolicy : IHasTimestamps
{
    public string TrafficPolicyId { get; set; } = "";
    public string TrafficPolicyName { get; set; } = "";
    public AcceptAction DefaultAction { get; set; }
    public long? MaxMessageSizeBytes { get; set; }
    public List<PolicyStatement> PolicyStatements { get; set; } = [];
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastModifiedTimestamp { get; set; }
}
