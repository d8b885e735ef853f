using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

public sealed class SignatureFailureThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_twentieth_failure_within_a_minute_refuses_the_key_for_five_minutes_and_no_other_key()
    {
        var throttle = new SignatureFailureThrottle();
        for (var i = 0; i < 19; i++)
        {
            throttle.RecordFailure("AKIAONE", Start.AddSeconds(i));
        }

        Assert.False(throttle.IsRefused("AKIAONE", Start.AddSeconds(30)));

        throttle.RecordFailure("AKIAONE", Start.AddSeconds(59));

        Assert.True(throttle.IsRefused("AKIAONE", Start.AddSeconds(59)));
        Assert.False(throttle.IsRefused("AKIATWO", Start.AddSeconds(59)));
        Assert.True(throttle.IsRefused("AKIAONE", Start.AddSeconds(59) + SignatureFailureThrottle.RefusalPeriod - TimeSpan.FromSeconds(1)));
        Assert.False(throttle.IsRefused("AKIAONE", Start.AddSeconds(59) + SignatureFailureThrottle.RefusalPeriod));
    }

    [Fact]
    public void A_new_minute_starts_the_count_again()
    {
        var throttle = new SignatureFailureThrottle();
        for (var i = 0; i < 19; i++)
        {
            throttle.RecordFailure("AKIAONE", Start);
        }

        throttle.RecordFailure("AKIAONE", Start.AddSeconds(61));

        Assert.False(throttle.IsRefused("AKIAONE", Start.AddSeconds(61)));
    }

    [Fact]
    public void Keys_that_stopped_failing_are_forgotten()
    {
        var throttle = new SignatureFailureThrottle();
        for (var i = 0; i < 100; i++)
        {
            throttle.RecordFailure($"AKIA{i}", Start);
        }

        throttle.RecordFailure("AKIALATER", Start.AddMinutes(2));

        Assert.Equal(1, throttle.TrackedKeys);
    }

    [Fact]
    public void A_refused_key_is_remembered_until_its_refusal_is_over()
    {
        var throttle = new SignatureFailureThrottle();
        for (var i = 0; i < SignatureFailureThrottle.MaxFailures; i++)
        {
            throttle.RecordFailure("AKIAONE", Start);
        }

        throttle.RecordFailure("AKIALATER", Start.AddMinutes(2));

        Assert.True(throttle.IsRefused("AKIAONE", Start.AddMinutes(2)));
        Assert.Equal(2, throttle.TrackedKeys);
    }
}
