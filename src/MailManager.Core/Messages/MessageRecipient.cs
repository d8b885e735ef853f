namespace MailManager.Core.Messages;

/// <summary>One accepted envelope recipient and where it stands.</summary>
public sealed class MessageRecipient
{
    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public string Address { get; set; } = "";
    public MessageStatus Status { get; set; } = MessageStatus.Queued;
    /// <summary>The last word on it: the downstream reply, or why it was dropped.</summary>
    public string? Detail { get; set; }
}
