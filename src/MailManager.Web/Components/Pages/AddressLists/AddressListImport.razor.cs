using MailManager.Core.AddressLists;
using MailManager.Data.AddressLists;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.AddressLists;

public sealed partial class AddressListImport : IDisposable
{
    /// <summary>How often a running job's state and counts are read again.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    // Jobs seen unfinished: when one finishes, the members table is told to reload.
    private readonly HashSet<string> _watching = new(StringComparer.Ordinal);
    private IReadOnlyList<ImportJob> _jobs = [];
    private IReadOnlyList<ImportJobFailure> _failures = [];
    private IBrowserFile? _file;
    private ImportDataType _format;
    private string? _jobName;
    private string? _nameError;
    private string? _fileError;
    private string? _shownJobId;
    private bool _starting;
    // A new key renders a new, empty file input once a file has been uploaded.
    private int _uploads;

    [Inject] private AddressListService AddressLists { get; set; } = default!;

    [Parameter, EditorRequired] public string AddressListId { get; set; } = "";

    /// <summary>Raised when a job has finished (members were added), so the members table reloads.</summary>
    [Parameter] public EventCallback Imported { get; set; }

    private ImportJob? ShownJob => _jobs.FirstOrDefault(j => j.JobId == _shownJobId);

    protected override async Task OnInitializedAsync()
    {
        _jobs = await AddressLists.ListImportJobsAsync(AddressListId);
        _watching.UnionWith(_jobs.Where(j => !j.IsFinished).Select(j => j.JobId));
        _shownJobId = _jobs.FirstOrDefault()?.JobId;
        await LoadFailuresAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        // Only once interactive: a prerendered instance is thrown away.
        if (firstRender)
        {
            _ = RefreshWhileRunningAsync(_disposed.Token);
        }
    }

    private void ChooseFile(InputFileChangeEventArgs e)
    {
        _file = e.File;
        _fileError = e.File.Size > AddressListService.MaxImportFileBytes
            ? $"The file is larger than {AddressListService.MaxImportFileBytes / 1024 / 1024} MB."
            : null;
        _format = AddressListText.FormatOf(e.File.Name);
        _jobName = AddressListText.JobNameOf(e.File.Name);
        _nameError = null;
    }

    private async Task StartAsync()
    {
        if (_file is null || _fileError is not null)
        {
            return;
        }
        _starting = true;
        try
        {
            await using var content = _file.OpenReadStream(AddressListService.MaxImportFileBytes, _disposed.Token);
            var created = await AddressLists.CreateImportJobAsync(AddressListId, new ImportJobDraft { Name = _jobName ?? "", ImportDataFormat = _format }, content, _disposed.Token);
            if (!created.Succeeded)
            {
                _nameError = created.Errors.For(nameof(ImportJobDraft.Name)).FirstOrDefault();
                _fileError = string.Join(" ", created.Errors.ByField.Where(e => e.Key != nameof(ImportJobDraft.Name)).SelectMany(e => e.Value)) is { Length: > 0 } other ? other : null;
                return;
            }
            var started = await AddressLists.StartImportJobAsync(created.Id!, _disposed.Token);
            _fileError = started.Succeeded ? null : string.Join(" ", started.Errors.ByField.Values.SelectMany(m => m));
            _file = null;
            _jobName = null;
            _uploads++;
            _shownJobId = created.Id;
            _watching.Add(created.Id!);
            // A small file may be done already.
            if (await RefreshAsync())
            {
                await Imported.InvokeAsync();
            }
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task StopAsync(string jobId)
    {
        await AddressLists.StopImportJobAsync(jobId, _disposed.Token);
        if (await RefreshAsync())
        {
            await Imported.InvokeAsync();
        }
    }

    private async Task ShowAsync(string jobId)
    {
        _shownJobId = jobId;
        await LoadFailuresAsync();
    }

    private async Task LoadFailuresAsync() =>
        _failures = _shownJobId is null ? [] : await AddressLists.ListImportJobFailuresAsync(_shownJobId, _disposed.Token);

    /// <summary>Reads the jobs again; returns whether one that was running has finished since the last read.</summary>
    private async Task<bool> RefreshAsync()
    {
        _jobs = await AddressLists.ListImportJobsAsync(AddressListId, _disposed.Token);
        await LoadFailuresAsync();
        return _watching.RemoveWhere(id => _jobs.All(j => j.JobId != id || j.IsFinished)) > 0;
    }

    private async Task RefreshWhileRunningAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (_watching.Count == 0)
                {
                    continue;
                }
                await InvokeAsync(async () =>
                {
                    var finished = await RefreshAsync();
                    StateHasChanged();
                    if (finished)
                    {
                        await Imported.InvokeAsync();
                    }
                });
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    // Cancelled, not disposed: a refresh already queued on the circuit still reads the token, and a source without a
    // timer or linked tokens holds nothing that needs disposing.
    public void Dispose() => _disposed.Cancel();
}
