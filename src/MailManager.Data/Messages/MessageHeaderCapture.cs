namespace MailManager.Data.Messages;

/// <summary>
/// A write-through stream that keeps a copy of a message's header block as the message is written to the spool,
/// so the message log's headers and subject are known at acceptance without reading the file back. It copies
/// only up to the end of the header block (at most <see cref="MessageHeaderReader.MaxHeaderBytes"/>), so a large
/// body costs nothing extra.
/// </summary>
public sealed class MessageHeaderCapture(Stream inner) : Stream
{
    private byte[] _captured = new byte[4096];
    private int _length;
    private bool _complete;

    /// <summary>The header block and decoded subject of what was written so far.</summary>
    public (string Headers, string? Subject) Read() => MessageHeaderReader.Parse(_captured.AsSpan(0, _length));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Capture(buffer);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Capture(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    private void Capture(ReadOnlySpan<byte> data)
    {
        if (_complete)
        {
            return;
        }
        var take = Math.Min(data.Length, MessageHeaderReader.MaxHeaderBytes - _length);
        if (_length + take > _captured.Length)
        {
            Array.Resize(ref _captured, Math.Min(MessageHeaderReader.MaxHeaderBytes, Math.Max(_captured.Length * 2, _length + take)));
        }
        // The empty line may straddle two writes: look again from just before the new bytes.
        var from = Math.Max(0, _length - 3);
        data[..take].CopyTo(_captured.AsSpan(_length));
        _length += take;
        var end = MessageHeaderReader.FindEnd(_captured.AsSpan(from, _length - from));
        if (end >= 0)
        {
            _length = from + end;
            _complete = true;
        }
        else if (_length == MessageHeaderReader.MaxHeaderBytes)
        {
            _complete = true;
        }
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
