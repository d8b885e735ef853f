using MailManager.Core.Messages;

namespace MailManager.Data.Messages;

/// <summary>One message being received into the spool.</summary>
public sealed class SpooledMessage : IAsyncDisposable
{
    private readonly string _path;
    private readonly SpoolFileWriter _file;
    private readonly MessageCommitQueue _commits;
    private readonly SpoolFilePool _pool;
    private bool _committed;

    internal SpooledMessage(string messageId, string path, SpoolFileWriter file, MessageCommitQueue commits, SpoolFilePool pool)
    {
        MessageId = messageId;
        _path = path;
        _file = file;
        _commits = commits;
        _pool = pool;
    }

    public string MessageId { get; }

    /// <summary>Where the SMTP engine writes the message as it arrives.</summary>
    public Stream Content => _file;

    /// <summary>
    /// Makes the message durable: the file's bytes are flushed to the disk (by the commit queue, for the whole
    /// batch at once), then its row (envelope, recipients and
    /// any planned actions) is committed. Only when this returns may the client be told 250.
    /// </summary>
    public async Task CommitAsync(ReceivedMessage message, CancellationToken ct)
    {
        message.MessageId = MessageId;
        await _file.FlushAsync(ct);
        await _file.DisposeAsync();
        // The queue flushes the file to disk together with the others of its batch, then commits the row.
        await _commits.CommitAsync(message, _path, ct);
        _committed = true;
        if (message.IsFinished)
        {
            // Planned at acceptance with nothing to deliver (every recipient dropped): the bytes are not needed.
            TryDelete();
        }
    }

    private void TryDelete()
    {
        try
        {
            _pool.Release(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Harmless: the processor removes the files of finished messages at start.
        }
    }

    /// <summary>Forgets the message: nothing was acknowledged, so its bytes go.</summary>
    public async ValueTask DiscardAsync()
    {
        _file.Abandon();
        _pool.Release(_path);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            await DiscardAsync();
        }
    }
}
