using MailManager.Data.Messages;
using MailManager.Data.VerdictLog;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>The sessions view of the message log: a server-side page of sessions with the filters applied.</summary>
public sealed partial class SessionLogList
{
    private static readonly int[] _pageSizes = [SessionLogQuery.DefaultPageSize, 50, SessionLogQuery.MaxPageSize];
    private static readonly Dictionary<string, object?> _tableAttributes = new() { ["aria-label"] = "Sessions" };

    private MudTable<SessionLogRow> _table = default!;
    private IReadOnlyList<MessageLogEndpoint> _endpoints = [];
    private SessionLogFilter _applied = SessionLogFilter.None;
    private int _total;

    [Inject] private VerdictLogService Verdicts { get; set; } = default!;
    [Inject] private MessageLogService Messages { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override Task OnInitializedAsync() => LoadEndpointsAsync();

    /// <summary>Today's endpoints and those (perhaps deleted since) that sessions were logged on.</summary>
    private async Task LoadEndpointsAsync()
    {
        var endpoints = (await Messages.ListEndpointsAsync()).ToList();
        foreach (var (id, name) in await Verdicts.ListEndpointsAsync())
        {
            if (endpoints.All(e => e.IngressPointId != id))
            {
                endpoints.Add(new MessageLogEndpoint(id, name));
            }
        }
        _endpoints = [.. endpoints.OrderBy(e => e.IngressPointName, StringComparer.OrdinalIgnoreCase)];
    }

    private async Task<TableData<SessionLogRow>> LoadPageAsync(TableState state, CancellationToken ct)
    {
        var page = await Verdicts.SearchAsync(_applied.ToQuery(state.Page, state.PageSize, Time.GetUtcNow()), ct);
        _total = page.TotalCount;
        // The count is in this page's heading, which the table's own re-render does not reach.
        StateHasChanged();
        return new TableData<SessionLogRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task SearchAsync(SessionLogFilter filter)
    {
        _applied = filter;
        if (_table.CurrentPage == 0)
        {
            await _table.ReloadServerData();
        }
        else
        {
            _table.NavigateTo(0);
        }
    }

    private async Task RefreshAsync()
    {
        await LoadEndpointsAsync();
        await _table.ReloadServerData();
    }
}
