using MailManager.Core.Messages;

namespace MailManager.Data.Messages;

/// <summary>One page of the message log, narrowed by the console's filters. Unset filters match everything.</summary>
public sealed record MessageLogQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>Zero-based.</summary>
    public int PageIndex { get; init; }

    /// <summary>Clamped to 1–<see cref="MaxPageSize"/> by the service, so a page never loads the whole log.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    public string? IngressPointId { get; init; }

    public MessageStatus? Status { get; init; }

    /// <summary>Part of an address, any case: matches MAIL FROM or any envelope recipient.</summary>
    public string? Address { get; init; }
}
