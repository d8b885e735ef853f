using MailManager.Core.Messages;
using MailManager.Data.Messages;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>The filters as last searched; paging keeps using them while the fields are being edited.</summary>
public sealed record MessageLogFilter(string? IngressPointId, MessageStatus? Status, string? Address)
{
    public static readonly MessageLogFilter None = new(null, null, null);

    public bool IsEmpty => IngressPointId is null && Status is null && string.IsNullOrWhiteSpace(Address);

    public MessageLogQuery ToQuery(int pageIndex, int pageSize) => new()
    {
        PageIndex = pageIndex,
        PageSize = pageSize,
        IngressPointId = IngressPointId,
        Status = Status,
        Address = string.IsNullOrWhiteSpace(Address) ? null : Address.Trim(),
    };
}
