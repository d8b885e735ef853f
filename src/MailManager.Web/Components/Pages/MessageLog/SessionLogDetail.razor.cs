using MailManager.Core.VerdictLog;
using MailManager.Data.AddressLists;
using MailManager.Data.VerdictLog;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>One session of the verdict log: its facts, and every recipient's verdict with its reasons.</summary>
public sealed partial class SessionLogDetail
{
    private SessionLogEntry? _session;
    private IReadOnlyDictionary<string, string> _addressListNames = new Dictionary<string, string>();
    private bool _loaded;

    [Inject] private VerdictLogService Verdicts { get; set; } = default!;

    [Inject] private AddressListService AddressLists { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    // Only read inside the ResourceLoader, which renders its content once the session is found.
    private SessionLogEntry Session => _session!;

    private string Title => _session is null ? "Session" : $"Session {_session.SessionId}";

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _session = await Verdicts.GetAsync(Id);
        _addressListNames = (await AddressLists.ListAsync()).ToDictionary(l => l.AddressListId, l => l.AddressListName, StringComparer.Ordinal);
        _loaded = true;
    }
}
