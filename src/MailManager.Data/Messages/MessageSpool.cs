using MailManager.Core.Common;
using MailManager.Core.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Data.Messages;

/// <summary>
/// Durable acceptance: a message's bytes go to a file in <c>data/spool</c>, flushed to disk, and its envelope
/// to a committed database row, both before the SMTP engine may answer 250. A file without a row was never
/// acknowledged and is removed at start.
/// </summary>
public sealed partial class MessageSpool(
    IOptions<StorageOptions> storage, MessageCommitQueue commits, IDbContextFactory<MailManagerDbContext> dbFactory, ILogger<MessageSpool> logger)
{
    public const string MessageIdPrefix = "msg";
    private const string Extension = ".eml";

    // Loaded with the spool at start-up, not on the first message's reply path.
    private readonly SpoolFilePool _pool = new(DataDirectory.Ensure(Path.Combine(storage.Value.FullDataDirectory, "spool")));

    public string Folder => _pool.SpoolFolder;

    /// <summary>Starts receiving one message: its bytes are written to the returned file as they arrive.</summary>
    public SpooledMessage Open()
    {
        var messageId = ResourceId.New(MessageIdPrefix);
        var path = PathOf(messageId);
        var reused = _pool.TryTake(path);
        return new SpooledMessage(messageId, path, new SpoolFileWriter(path, reused), commits, _pool);
    }

    public string PathOf(string messageId) => Path.Combine(Folder, messageId + Extension);

    /// <summary>
    /// The message's bytes, unbuffered: every reader copies them in large chunks into a buffer of its own (pooled),
    /// so a FileStream buffer would be one more 64 KB allocated and copied per delivery.
    /// </summary>
    public FileStream OpenRead(string messageId) =>
        new(PathOf(messageId), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    /// <summary>Removes a message's bytes once every recipient is finished (its file is emptied and kept for reuse).</summary>
    public void Delete(string messageId) => _pool.Release(PathOf(messageId));

    /// <summary>Deletes spool files that have no committed row: the client never got a 250 for them.</summary>
    public async Task RemoveUnacknowledgedAsync(CancellationToken ct = default)
    {
        var files = Directory.EnumerateFiles(Folder, "*" + Extension).ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f);
        if (files.Count == 0)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = files.Keys.ToList();
        var known = (await db.Messages.Where(m => ids.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(ct)).ToHashSet();
        foreach (var (messageId, file) in files.Where(f => !known.Contains(f.Key)))
        {
            File.Delete(file);
            LogRemovedUnacknowledged(messageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed spool file {MessageId}: it was never acknowledged")]
    private partial void LogRemovedUnacknowledged(string messageId);
}
