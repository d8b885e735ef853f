using MailManager.Core.Messages;

namespace MailManager.Data.Messages;

/// <summary>The rows of one page and how many messages match the filters in all.</summary>
public sealed record MessageLogPage(IReadOnlyList<MessageLogEntry> Items, int TotalCount);

/// <summary>One row of the message log list: the envelope, without headers, actions or attempts.</summary>
public sealed record MessageLogEntry
{
    public required string MessageId { get; init; }
    public required DateTimeOffset ReceivedTimestamp { get; init; }
    public required string IngressPointId { get; init; }
    public required string IngressPointName { get; init; }
    public required string SourceIp { get; init; }
    public required string MailFrom { get; init; }
    public required IReadOnlyList<string> Recipients { get; init; }
    public required long SizeBytes { get; init; }
    public required MessageStatus Status { get; init; }
    public string? Subject { get; init; }
}

/// <summary>An ingress endpoint the log can be filtered by.</summary>
public sealed record MessageLogEndpoint(string IngressPointId, string IngressPointName);
