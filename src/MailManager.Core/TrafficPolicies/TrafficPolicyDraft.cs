namespace MailManager.Core.TrafficPolicies;

/// <summary>What a user enters to create or change a traffic policy.</summary>
public sealed class TrafficPolicyDraft
{
    public string Name { get; set; } = "";
    public AcceptAction DefaultAction { get; set; } = AcceptAction.Deny;
    public long? MaxMessageSizeBytes { get; set; }
}
