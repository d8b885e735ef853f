namespace MailManager.Smtp.Internal;

/// <summary>
/// Copies a message into the host's stream while enforcing the size limit. After the limit is passed or the
/// stream fails it stops writing but keeps counting, so the session can read the client's data to its end and
/// answer once, without ever holding the message in memory.
/// </summary>
internal sealed class MessageWriter(Stream destination, long maxBodyBytes, CancellationToken cancellationToken)
{
    private long _bodyBytes;

    /// <summary>Bytes actually written (header plus body) while writing went well.</summary>
    public long BytesWritten { get; private set; }

    public bool SizeExceeded => _bodyBytes > maxBodyBytes;

    /// <summary>Body bytes the client sent, counted on past the limit.</summary>
    public long BodyBytes => _bodyBytes;

    /// <summary>The exception the destination threw, if it did.</summary>
    public Exception? Failure { get; private set; }

    private bool Writing => Failure is null && !SizeExceeded;

    public ValueTask WriteHeaderAsync(ReadOnlyMemory<byte> header) => WriteAsync(header);

    public ValueTask WriteBodyAsync(ReadOnlyMemory<byte> chunk)
    {
        _bodyBytes += chunk.Length;
        return WriteAsync(chunk);
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data)
    {
        if (!Writing)
        {
            return;
        }

        try
        {
            await destination.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            BytesWritten += data.Length;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Failure = ex;
        }
    }
}
