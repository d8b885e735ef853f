using System.ComponentModel.DataAnnotations;

namespace MailManager.Data.VerdictLog;

/// <summary>The verdict log (every SMTP session and recipient verdict). Section <c>MailManager:VerdictLog</c>.</summary>
public sealed class VerdictLogOptions : IValidatableObject
{
    public const string SectionName = "MailManager:VerdictLog";

    /// <summary>Days a session stays in the log; older ones are purged in the background.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>
    /// The log's own SQLite file inside the data folder (or an absolute path). Separate from the message database so
    /// that writing verdicts never takes the write lock that acceptance and delivery share.
    /// </summary>
    public string DatabaseFile { get; set; } = "verdicts.db";

    /// <summary>
    /// Sessions waiting to be written. When the queue is full (the writer fell behind a flood), further sessions
    /// are dropped, counted, and the count is logged as a warning: the SMTP reply path never waits for the log.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Sessions deleted per purge statement, so a purge never holds the log's write lock for long.</summary>
    public int PurgeBatchSize { get; set; } = 1_000;

    /// <summary>
    /// How long the writer gathers closed sessions before writing them in one transaction. Under load sessions close
    /// hundreds of times a second, and a transaction for each cost about 7 % of the CPU; the console shows a session
    /// this much later. Zero writes each batch as soon as the previous one is done.
    /// </summary>
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often expired sessions are looked for.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RetentionDays is < 1 or > 3650)
        {
            yield return Error(nameof(RetentionDays), "must be between 1 and 3650 days");
        }
        if (string.IsNullOrWhiteSpace(DatabaseFile) || DatabaseFile.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            yield return Error(nameof(DatabaseFile), "must be a file name or path");
        }
        if (QueueCapacity is < 100 or > 1_000_000)
        {
            yield return Error(nameof(QueueCapacity), "must be between 100 and 1000000");
        }
        if (PurgeBatchSize is < 1 or > 100_000)
        {
            yield return Error(nameof(PurgeBatchSize), "must be between 1 and 100000");
        }
        if (WriteInterval < TimeSpan.Zero || WriteInterval > TimeSpan.FromSeconds(10))
        {
            yield return Error(nameof(WriteInterval), "must be between 0 and 10 seconds");
        }
        if (PurgeInterval <= TimeSpan.Zero || PurgeInterval > TimeSpan.FromDays(1))
        {
            yield return Error(nameof(PurgeInterval), "must be positive and at most one day");
        }
    }

    // The full key, so the administrator finds the line to fix.
    private static ValidationResult Error(string name, string problem) => new($"{SectionName}:{name} {problem}.", [name]);
}
