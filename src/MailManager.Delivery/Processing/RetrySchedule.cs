namespace MailManager.Delivery.Processing;

/// <summary>Exponential backoff between relay attempts: FirstRetryDelay·2^(n-1), capped at MaxRetryDelay.</summary>
public static class RetrySchedule
{
    /// <param name="failedAttempts">How many attempts have failed so far (1 after the first).</param>
    public static TimeSpan Delay(int failedAttempts, TimeSpan first, TimeSpan max)
    {
        var doublings = Math.Max(0, failedAttempts - 1);
        // Past 2^40 any sensible first delay is beyond the cap; stopping there also keeps the double finite.
        if (doublings >= 40)
        {
            return max;
        }
        var delay = first.TotalMilliseconds * Math.Pow(2, doublings);
        return delay >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(delay);
    }
}
