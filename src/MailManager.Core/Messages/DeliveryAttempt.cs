namespace MailManager.Core.Messages;

/// <summary>One try at a relay action: when, how it ended, and what the remote server said.</summary>
public sealed class DeliveryAttempt
{
    public DateTimeOffset Timestamp { get; set; }
    public DeliveryOutcome Outcome { get; set; }
    public string Reply { get; set; } = "";
}
