using System.Buffers;
using System.IO.Pipelines;

namespace MailManager.Smtp.Internal;

/// <summary>
/// Presents the connection's two pipes as one <see cref="Stream"/> so <see cref="System.Net.Security.SslStream"/> can
/// sit on top of them; the framework has no public adapter (Kestrel's is internal, and
/// <c>PipeReader.AsStream</c>/<c>PipeWriter.AsStream</c> each go one way). Does not complete the pipes: the session does.
/// </summary>
internal sealed class DuplexPipeStream(PipeReader input, PipeWriter output) : Stream
{
    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> data = result.Buffer;
            if (data.IsEmpty)
            {
                input.AdvanceTo(data.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return 0;
                }

                continue;
            }

            // Everything is taken from the sequence before AdvanceTo: that call hands its segments back to the pipe's
            // pool, and a sequence spanning several of them no longer reports its true Length afterwards. A TLS record
            // larger than the transport's 4 KiB blocks spans several, and SslStream would wait for bytes it already has.
            int count = (int)Math.Min(data.Length, buffer.Length);
            ReadOnlySequence<byte> slice = data.Slice(0, count);
            slice.CopyTo(buffer.Span);

            // Mark only what was copied as examined: marking the whole buffer would make the next read wait for
            // new bytes that a TLS handshake in progress never sends, and the handshake would hang.
            input.AdvanceTo(slice.End, slice.End);
            return count;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        FlushResult result = await output.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw new IOException("The connection was closed by the client.");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken) =>
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);

    // SslStream only uses the asynchronous members here; the synchronous ones exist to satisfy Stream.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
