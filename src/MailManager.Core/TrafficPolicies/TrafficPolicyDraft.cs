namespace MailManager.Core.TrafficPolicies;

/// <summary>What a user enters to create or change a traffic policy.</summary>
public sealed class TrafficPolicyDraft
{
    public string Name { get; set; } = "";
    public AcceptAction DefaultAction { get; set; } = AcceptAction.Deny;
    public long? MaxMessageSizeBytes { get; set; }

    /// <summary>
    /// The statements that replace the policy's whole list (as SES <c>UpdateTrafficPolicy</c> replaces it); null keeps
    /// the statements the policy has, so a form that edits only the other fields cannot drop them.
    /// </summary>
    public List<PolicyStatement>? PolicyStatements { get; set; }
}
