using System.Text;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Delivery.Actions;

/// <summary>
/// A message with headers put before its own, as one seekable read-only stream over the spool file: the file is never
/// rewritten, and each action carries only the headers added before it.
/// </summary>
public static class ActionContent
{
    public static Stream Open(Stream spooled, IReadOnlyList<AddedHeader> headers) =>
        headers.Count == 0 ? spooled : new PrefixedStream(Encoding.UTF8.GetBytes(HeaderLines(headers)), spooled);

    /// <summary>The headers as the lines they are put before the message with (<c>Name: value</c> and CRLF each).</summary>
    public static string HeaderLines(IReadOnlyList<AddedHeader> headers)
    {
        var lines = new StringBuilder();
        foreach (var header in headers)
        {
            lines.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }
        return lines.ToString();
    }

    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => prefix.Length + inner.Length;

        public override long Position
        {
            get => _position;
            set => Seek(value, SeekOrigin.Begin);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                var n = (int)Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan((int)_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            inner.Position = _position - prefix.Length;
            var read = inner.Read(buffer);
            _position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < prefix.Length)
            {
                return Read(buffer.Span);
            }
            inner.Position = _position - prefix.Length;
            var read = await inner.ReadAsync(buffer, cancellationToken);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override long Seek(long offset, SeekOrigin origin)
        {
            var target = origin switch
            {
                SeekOrigin.Begin => offset,
                SeekOrigin.Current => _position + offset,
                _ => Length + offset,
            };
            ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
            _position = target;
            return _position;
        }

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
