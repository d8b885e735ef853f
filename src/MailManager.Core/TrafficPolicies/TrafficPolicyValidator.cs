using MailManager.Core.Common;

namespace MailManager.Core.TrafficPolicies;

public static class TrafficPolicyValidator
{
    /// <summary>SES quota: traffic policies per region (here, per gateway).</summary>
    public const int MaxTrafficPolicies = 100;

    /// <summary>The largest message SES Mail Manager accepts, headers included ("Mail Manager quotas" on the SES quotas page).</summary>
    public const long MaxMessageSizeLimit = 40L * 1024 * 1024;

    public static ValidationErrors Validate(TrafficPolicyDraft draft)
    {
        var errors = new ValidationErrors();
        if (NameRules.CheckResourceName(draft.Name) is { } nameError)
        {
            errors.Add(nameof(TrafficPolicyDraft.Name), nameError);
        }
        if (!Enum.IsDefined(draft.DefaultAction))
        {
            errors.Add(nameof(TrafficPolicyDraft.DefaultAction), "Choose Allow or Deny.");
        }
        if (draft.MaxMessageSizeBytes is < 1 or > MaxMessageSizeLimit)
        {
            errors.Add(nameof(TrafficPolicyDraft.MaxMessageSizeBytes),
                $"The maximum message size must be between 1 and {MaxMessageSizeLimit:N0} bytes (40 MB).");
        }
        return errors;
    }
}
