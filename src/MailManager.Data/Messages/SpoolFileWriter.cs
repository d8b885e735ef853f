using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace MailManager.Data.Messages;

/// <summary>
/// Writes one spool file through a pooled buffer with plain synchronous writes at the file's offset. A message is
/// written once, in order, into the page cache, and made durable later by the commit queue's flush; so there is
/// nothing for an asynchronous write to wait for, and on Linux a FileStream's asynchronous writes are thread-pool
/// work items anyway. A FileStream also allocated its own 64 KB buffer per message, which was most of what
/// acceptance allocated. The buffer goes back to the pool when the file is closed.
/// </summary>
internal sealed class SpoolFileWriter : Stream
{
    private const int BufferSize = 64 * 1024;

    private readonly SafeFileHandle _handle;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _buffered;
    private long _position;

    /// <param name="reused">The file exists, empty (see <see cref="SpoolFilePool"/>); otherwise it is created.</param>
    public SpoolFileWriter(string path, bool reused) =>
        // Written straight to its final name: the row, not the file, is what makes a message exist.
        _handle = File.OpenHandle(path, reused ? FileMode.Open : FileMode.CreateNew, FileAccess.Write, FileShare.Read);

    public override void Write(ReadOnlySpan<byte> data)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(SpoolFileWriter));
        while (data.Length > 0)
        {
            if (_buffered == 0 && data.Length >= buffer.Length)
            {
                // A large chunk goes straight to the file.
                RandomAccess.Write(_handle, data, _position);
                _position += data.Length;
                return;
            }
            var take = Math.Min(data.Length, buffer.Length - _buffered);
            data[..take].CopyTo(buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered == buffer.Length)
            {
                Flush();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Hands what is buffered to the operating system (not to the disk: that is the commit queue's flush).</summary>
    public override void Flush()
    {
        if (_buffered == 0 || _buffer is null)
        {
            return;
        }
        RandomAccess.Write(_handle, _buffer.AsSpan(0, _buffered), _position);
        _position += _buffered;
        _buffered = 0;
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flush();
        return Task.CompletedTask;
    }

    /// <summary>Closes the file without writing what is still buffered: the message is being thrown away.</summary>
    public void Abandon()
    {
        _buffered = 0;
        Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            try
            {
                Flush();
            }
            finally
            {
                _buffer = null;
                ArrayPool<byte>.Shared.Return(buffer);
                _handle.Dispose();
            }
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => _buffer is not null;
    public override long Length => _position + _buffered;
    public override long Position { get => _position + _buffered; set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
