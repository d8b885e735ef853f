using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.Tests.TrafficPolicies;

public sealed class TrafficPolicyValidatorTests
{
    [Fact]
    public void A_named_policy_without_size_limit_is_valid() =>
        Assert.True(TrafficPolicyValidator.Validate(new TrafficPolicyDraft { Name = "deny-all" }).IsValid);

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    [InlineData(41_943_041L)]
    public void Maximum_message_size_must_be_between_1_byte_and_40_MB(long size)
    {
        var errors = TrafficPolicyValidator.Validate(new TrafficPolicyDraft { Name = "policy", MaxMessageSizeBytes = size });

        Assert.Contains("between 1 and 41,943,040 bytes", Assert.Single(errors.For(nameof(TrafficPolicyDraft.MaxMessageSizeBytes))));
    }

    [Fact]
    public void The_40_MB_limit_itself_is_allowed() =>
        Assert.True(TrafficPolicyValidator.Validate(new TrafficPolicyDraft { Name = "policy", MaxMessageSizeBytes = 41_943_040 }).IsValid);

    [Fact]
    public void An_undefined_default_action_is_refused() =>
        Assert.Single(TrafficPolicyValidator.Validate(new TrafficPolicyDraft { Name = "policy", DefaultAction = (AcceptAction)7 })
            .For(nameof(TrafficPolicyDraft.DefaultAction)));
}
