namespace MailManager.Core.AddressLists;

/// <summary>SES <c>ImportJobStatus</c>.</summary>
public enum ImportJobStatus
{
    Created,
    Processing,
    Completed,
    Failed,
    Stopped,
}

/// <summary>SES <c>ImportDataType</c>: the format of an import file.</summary>
public enum ImportDataType
{
    /// <summary>A header row naming the <c>address</c> column, then one member per line.</summary>
    Csv,

    /// <summary><c>{"items":[{"address":"…"}, …]}</c>.</summary>
    Json,
}

/// <summary>
/// SES <c>ImportJob</c>: a bulk import of members into an address list. Created with its file, started, then
/// processed in the background; the counts move as it goes.
/// </summary>
public sealed class ImportJob
{
    public string JobId { get; set; } = "";
    public string AddressListId { get; set; } = "";
    public string Name { get; set; } = "";
    public ImportJobStatus Status { get; set; }
    public ImportDataType ImportDataFormat { get; set; }
    public int ImportedItemsCount { get; set; }
    public int FailedItemsCount { get; set; }
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset? StartTimestamp { get; set; }
    public DateTimeOffset? CompletedTimestamp { get; set; }

    /// <summary>Why the job failed as a whole (a file without its header row, malformed JSON), else null.</summary>
    public string? Error { get; set; }

    /// <summary>
    /// The last line of the file whose outcome is committed: processing resumes after it when the app restarts
    /// mid-import, so no line counts twice.
    /// </summary>
    public int ProcessedThroughLine { get; set; }

    public bool IsFinished => Status is ImportJobStatus.Completed or ImportJobStatus.Failed or ImportJobStatus.Stopped;
}

/// <summary>A line of an import file that was not added, and why.</summary>
public sealed record ImportJobFailure(int LineNumber, string Reason);

/// <summary>What the bulk upload form asks for (SES <c>CreateAddressListImportJob</c>).</summary>
public sealed class ImportJobDraft
{
    public string Name { get; set; } = "";
    public ImportDataType ImportDataFormat { get; set; }
}
