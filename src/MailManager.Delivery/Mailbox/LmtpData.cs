using System.Buffers;

namespace MailManager.Delivery.Mailbox;

/// <summary>
/// The message side of an LMTP transaction: what the content needs declared (8-bit octets for BODY=8BITMIME,
/// non-ASCII headers for SMTPUTF8), and the content sent after DATA with dot-stuffing (RFC 5321 §4.5.2) and the
/// final "." line, in large buffered writes.
/// </summary>
internal static class LmtpData
{
    /// <summary>Read and write size: one write per 64 KB of message instead of one per line.</summary>
    internal const int ChunkSize = 64 * 1024;

    private static readonly byte[] Terminator = "\r\n.\r\n"u8.ToArray();

    /// <summary>Whether any octet is 8-bit, and whether one is in the header section (before the first empty line).</summary>
    public static async Task<(bool EightBit, bool EightBitHeaders)> ScanAsync(Stream content, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var inHeaders = true;
            var lineEmpty = true;
            while (await ReadAsync(content, buffer, ct) is var read and > 0)
            {
                var span = buffer.AsSpan(0, read);
                while (inHeaders && span.Length > 0)
                {
                    var octet = span[0];
                    span = span[1..];
                    if (octet >= 0x80)
                    {
                        return (true, true);
                    }
                    if (octet == '\n')
                    {
                        inHeaders = !lineEmpty;
                        lineEmpty = true;
                    }
                    else if (octet != '\r')
                    {
                        lineEmpty = false;
                    }
                }
                if (span.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
                {
                    return (true, false);
                }
            }
            return (false, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends the content from its current position to its end, a "." doubled at the start of each line, then
    /// CRLF if the content does not end with one, and ".". The last chunk carries the terminator with it.
    /// </summary>
    public static async Task SendAsync(Stream content, LmtpConnection connection, CancellationToken ct)
    {
        var input = ArrayPool<byte>.Shared.Rent(ChunkSize);
        // Each added "." needs a line break before it, so stuffing at most doubles a chunk; plus the terminator.
        var output = ArrayPool<byte>.Shared.Rent(2 * ChunkSize + Terminator.Length);
        try
        {
            var lineStart = true;
            // The last two octets sent, to know whether the content ended with CRLF.
            byte last = 0, beforeLast = 0;
            long sent = 0;
            var terminated = false;
            while (await ReadAsync(content, input, ct) is var read and > 0)
            {
                var length = Stuff(input.AsSpan(0, read), output, ref lineStart);
                sent += read;
                beforeLast = read > 1 ? input[read - 2] : last;
                last = input[read - 1];
                if (content.CanSeek && content.Position >= content.Length)
                {
                    length += WriteTerminator(output.AsSpan(length), sent, beforeLast, last);
                    terminated = true;
                }
                await connection.WriteAsync(output.AsMemory(0, length));
            }
            if (!terminated)
            {
                var length = WriteTerminator(output, sent, beforeLast, last);
                await connection.WriteAsync(output.AsMemory(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> with dot-stuffing; returns the octets written.</summary>
    internal static int Stuff(ReadOnlySpan<byte> source, Span<byte> target, ref bool lineStart)
    {
        var written = 0;
        while (source.Length > 0)
        {
            if (lineStart && source[0] == '.')
            {
                target[written++] = (byte)'.';
            }
            var newline = source.IndexOf((byte)'\n');
            var segment = newline < 0 ? source : source[..(newline + 1)];
            segment.CopyTo(target[written..]);
            written += segment.Length;
            source = source[segment.Length..];
            lineStart = newline >= 0;
        }
        return written;
    }

    private static int WriteTerminator(Span<byte> target, long sent, byte beforeLast, byte last)
    {
        // An empty message or one ending with CRLF needs only ".\r\n"; otherwise the last line is ended first.
        var endsWithCrlf = sent == 0 || (sent >= 2 && beforeLast == '\r' && last == '\n');
        var terminator = endsWithCrlf ? Terminator.AsSpan(2) : Terminator;
        terminator.CopyTo(target);
        return terminator.Length;
    }

    private static async Task<int> ReadAsync(Stream content, byte[] buffer, CancellationToken ct)
    {
        try
        {
            return await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            throw new LmtpContentException(ex);
        }
    }
}
