using MailManager.Core.AddressLists;
using MailManager.Data.AddressLists;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace MailManager.Web.Components.Pages.AddressLists;

public partial class AddressListMembers
{
    private static readonly int[] _pageSizes = [25, 100, 500];
    private static readonly Dictionary<string, object?> _tableAttributes = new() { ["aria-label"] = "Members" };

    // Selection is kept by address across pages and searches, so several pages can be removed at once.
    private readonly HashSet<string> _selected = new(StringComparer.OrdinalIgnoreCase);
    private MudTable<SavedAddress> _table = default!;
    private string? _newAddress;
    private string? _addError;
    private string? _search;
    private string? _applied;
    private string? _removed;
    private int _total;
    private bool _adding;
    private bool _removing;

    [Inject] private AddressListService AddressLists { get; set; } = default!;

    [Parameter, EditorRequired] public string AddressListId { get; set; } = "";

    /// <summary>Raised after members were added or removed here, so the page shows the list's new "last updated".</summary>
    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>Loads the current page again (after an import added members).</summary>
    public Task ReloadAsync() => _table.ReloadServerData();

    private async Task<TableData<SavedAddress>> LoadPageAsync(TableState state, CancellationToken ct)
    {
        var page = await AddressLists.ListMembersAsync(AddressListId, _applied, state.Page * state.PageSize, state.PageSize, ct);
        _total = page.TotalCount;
        // The count is in the heading, which the table's own re-render does not reach.
        StateHasChanged();
        return new TableData<SavedAddress> { Items = page.Addresses, TotalItems = page.TotalCount };
    }

    private async Task SearchAsync(string? _)
    {
        _applied = _search?.Trim();
        // A new search starts at the first page; NavigateTo reloads by itself when the page changes.
        if (_table.CurrentPage == 0)
        {
            await _table.ReloadServerData();
        }
        else
        {
            _table.NavigateTo(0);
        }
    }

    private Task ClearSearchAsync(MouseEventArgs _)
    {
        _search = null;
        return SearchAsync(null);
    }

    private async Task AddOnEnterAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await AddAsync();
        }
    }

    private async Task AddAsync()
    {
        var draft = new AddressListMemberDraft { Address = _newAddress ?? "" };
        _adding = true;
        try
        {
            var result = await AddressLists.RegisterMemberAsync(AddressListId, draft);
            if (!result.Succeeded)
            {
                _addError = string.Join(" ", result.Errors.ByField.Values.SelectMany(m => m));
                return;
            }
            _addError = null;
            _newAddress = null;
            _removed = null;
            await _table.ReloadServerData();
            await Changed.InvokeAsync();
        }
        finally
        {
            _adding = false;
        }
    }

    private void Select(string address, bool selected)
    {
        if (selected)
        {
            _selected.Add(address);
        }
        else
        {
            _selected.Remove(address);
        }
    }

    private async Task RemoveSelectedAsync()
    {
        _removing = true;
        try
        {
            var removed = await AddressLists.DeregisterMembersAsync(AddressListId, [.. _selected]);
            _removed = removed == 1 ? "1 email address removed." : $"{AddressListText.Count(removed)} email addresses removed.";
            _selected.Clear();
            await _table.ReloadServerData();
            await Changed.InvokeAsync();
        }
        finally
        {
            _removing = false;
        }
    }
}
