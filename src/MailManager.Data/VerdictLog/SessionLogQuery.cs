using MailManager.Core.VerdictLog;

namespace MailManager.Data.VerdictLog;

/// <summary>Which sessions a filter keeps by their outcome.</summary>
public enum SessionVerdictFilter
{
    /// <summary>Sessions in which at least one recipient was accepted.</summary>
    Accepted,

    /// <summary>Sessions in which anything was refused: the connection, a recipient, a message at DATA.</summary>
    Refused,
}

/// <summary>One page of the verdict log's sessions, newest first. Unset filters match everything.</summary>
public sealed record SessionLogQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    /// <summary>Zero-based.</summary>
    public int PageIndex { get; init; }

    /// <summary>Clamped to 1–<see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    public string? IngressPointId { get; init; }

    public SessionVerdictFilter? Verdict { get; init; }

    /// <summary>Part of an address, any case: a recipient or MAIL FROM of the session (a prefix is a part too).</summary>
    public string? Address { get; init; }

    /// <summary>Sessions started at or after this instant.</summary>
    public DateTimeOffset? StartedFrom { get; init; }

    /// <summary>Sessions started before this instant.</summary>
    public DateTimeOffset? StartedBefore { get; init; }
}

/// <summary>The rows of one page and how many sessions match in all.</summary>
public sealed record SessionLogPage(IReadOnlyList<SessionLogRow> Items, int TotalCount);

/// <summary>One session in the list: its facts, its counts, and its first refusal with the reason.</summary>
public sealed record SessionLogRow
{
    public required long Id { get; init; }
    public required string SessionId { get; init; }
    public required DateTimeOffset StartedTimestamp { get; init; }
    public required string IngressPointId { get; init; }
    public required string IngressPointName { get; init; }
    public required string SourceIp { get; init; }
    public string? HeloName { get; init; }
    public string? TlsProtocol { get; init; }
    public string? AuthenticatedUser { get; init; }
    public int FailedAuthAttempts { get; init; }
    public string? ConnectionRefusedReason { get; init; }
    public int MessagesAccepted { get; init; }
    public int RecipientsAccepted { get; init; }
    public int RecipientsRefused { get; init; }

    /// <summary>The first refused recipient (address and what decided), null when nothing was refused at RCPT or DATA.</summary>
    public RecipientVerdictEntry? FirstRefusal { get; init; }
}
