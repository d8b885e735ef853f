namespace MailManager.Data.Tests;

/// <summary>A clock the test moves by hand, so "last modified" can be asserted exactly.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
