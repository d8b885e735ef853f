using MailManager.Data.VerdictLog;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>The sessions view's filters as last searched; paging keeps using them while the fields are edited.</summary>
public sealed record SessionLogFilter(string? IngressPointId, SessionVerdictFilter? Verdict, string? Address, SessionTimeRange TimeRange)
{
    public static readonly SessionLogFilter None = new(null, null, null, SessionTimeRange.All);

    public bool IsEmpty => IngressPointId is null && Verdict is null && string.IsNullOrWhiteSpace(Address) && TimeRange == SessionTimeRange.All;

    public SessionLogQuery ToQuery(int pageIndex, int pageSize, DateTimeOffset now) => new()
    {
        PageIndex = pageIndex,
        PageSize = pageSize,
        IngressPointId = IngressPointId,
        Verdict = Verdict,
        Address = string.IsNullOrWhiteSpace(Address) ? null : Address.Trim(),
        StartedFrom = TimeRange switch
        {
            SessionTimeRange.LastHour => now.AddHours(-1),
            SessionTimeRange.Last24Hours => now.AddDays(-1),
            SessionTimeRange.Last7Days => now.AddDays(-7),
            SessionTimeRange.Last30Days => now.AddDays(-30),
            _ => null,
        },
    };
}

/// <summary>How far back the sessions view looks.</summary>
public enum SessionTimeRange
{
    All,
    LastHour,
    Last24Hours,
    Last7Days,
    Last30Days,
}
