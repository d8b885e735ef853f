using MailManager.Core.VerdictLog;
using MailManager.Data.VerdictLog;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>One session of the verdict log: its facts, and every recipient's verdict with its reasons.</summary>
public sealed partial class SessionLogDetail
{
    private SessionLogEntry? _session;
    private bool _loaded;

    [Inject] private VerdictLogService Verdicts { get; set; } = default!;

    [Parameter] public long Id { get; set; }

    // Only read inside the ResourceLoader, which renders its content once the session is found.
    private SessionLogEntry Session => _session!;

    private string Title => _session is null ? "Session" : $"Session {_session.SessionId}";

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _session = await Verdicts.GetAsync(Id);
        _loaded = true;
    }
}
