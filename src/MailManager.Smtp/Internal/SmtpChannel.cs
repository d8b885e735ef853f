using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace MailManager.Smtp.Internal;

/// <summary>
/// The byte level of one session: reads lines and DATA bodies, writes replies, and swaps the plain pipes for
/// pipes over an <see cref="SslStream"/> at STARTTLS. Replies are buffered and flushed only before the session
/// waits for input (or explicitly), which is what makes PIPELINING work without deadlocks.
/// </summary>
internal sealed class SmtpChannel(IDuplexPipe transport, TimeSpan readTimeout) : IAsyncDisposable
{
    private const int DataChunkSize = 16 * 1024;
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private PipeReader _reader = transport.Input;
    private PipeWriter _writer = transport.Output;
    private SslStream? _ssl;

    public SslStream? Ssl => _ssl;

    /// <summary>
    /// Reads one line (LF-terminated; a CR before the LF is dropped). <paramref name="timeout"/> is armed with the
    /// read timeout only while waiting for the client and disarmed afterwards.
    /// </summary>
    public async ValueTask<SmtpLine> ReadLineAsync(int maxLength, CancellationTokenSource timeout)
    {
        bool tooLong = false;
        bool mayTryRead = true;
        while (true)
        {
            // Take what is already buffered (pipelined commands) without flushing; only when the buffer lacks a
            // full line do the pending replies go out, right before waiting for the client.
            if (!mayTryRead || !_reader.TryRead(out ReadResult result))
            {
                result = await WaitForInputAsync(timeout).ConfigureAwait(false);
            }

            mayTryRead = false;
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition? lf = buffer.PositionOf((byte)'\n');
            if (lf is { } end)
            {
                ReadOnlySequence<byte> line = buffer.Slice(0, end);
                SequencePosition next = buffer.GetPosition(1, end);
                if (tooLong || line.Length + 1 > maxLength)
                {
                    _reader.AdvanceTo(next);
                    return SmtpLine.TooLong;
                }

                if (!line.IsEmpty && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
                {
                    line = line.Slice(0, line.Length - 1);
                }

                string text = Utf8.GetString(line);
                _reader.AdvanceTo(next);
                return new SmtpLine(SmtpLineStatus.Line, text);
            }

            if (buffer.Length >= maxLength)
            {
                // Skip the over-long line as it streams in rather than buffering it.
                tooLong = true;
                _reader.AdvanceTo(buffer.End);
            }
            else
            {
                _reader.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted)
            {
                return SmtpLine.Closed;
            }
        }
    }

    /// <summary>
    /// Reads a DATA body up to CRLF.CRLF through <paramref name="decoder"/>, handing decoded chunks to
    /// <paramref name="onChunk"/>. Returns false if the client closed the connection before the end.
    /// </summary>
    public async ValueTask<bool> ReadDataAsync(DataBodyDecoder decoder, Func<ReadOnlyMemory<byte>, ValueTask> onChunk, CancellationTokenSource timeout)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(DataChunkSize + 1);
        try
        {
            bool mayTryRead = true;
            while (true)
            {
                if (!mayTryRead || !_reader.TryRead(out ReadResult result))
                {
                    result = await WaitForInputAsync(timeout).ConfigureAwait(false);
                }

                mayTryRead = false;
                ReadOnlySequence<byte> buffer = result.Buffer;
                long offset = 0;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    for (int start = 0; start < segment.Length && !decoder.IsComplete;)
                    {
                        ReadOnlyMemory<byte> piece = segment.Slice(start, Math.Min(DataChunkSize, segment.Length - start));
                        (int consumed, int written) = decoder.Decode(piece.Span, scratch);
                        start += consumed;
                        offset += consumed;
                        if (written > 0)
                        {
                            await onChunk(scratch.AsMemory(0, written)).ConfigureAwait(false);
                        }
                    }

                    if (decoder.IsComplete)
                    {
                        break;
                    }
                }

                if (decoder.IsComplete)
                {
                    // Whatever follows the end-of-data marker is the next pipelined command.
                    _reader.AdvanceTo(buffer.GetPosition(offset));
                    return true;
                }

                _reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    public void WriteReply(int code, string? enhancedCode, string text) => WriteLine(code, ' ', enhancedCode, text);

    /// <summary>Writes a multi-line reply: every line but the last carries a hyphen after the code.</summary>
    public void WriteMultilineReply(int code, IReadOnlyList<string> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            WriteLine(code, i == lines.Count - 1 ? ' ' : '-', null, lines[i]);
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 3207 section 6: anything the client pipelined after STARTTLS was sent in the clear and could have been
    /// injected by an attacker, so it is thrown away before the 220 goes out (after it, the bytes are the handshake).
    /// </summary>
    public void DiscardBufferedInput()
    {
        if (_reader.TryRead(out ReadResult result))
        {
            _reader.AdvanceTo(result.Buffer.End);
        }
    }

    /// <summary>Runs the server side of the TLS handshake and moves reading and writing onto the encrypted stream.</summary>
    public async ValueTask UpgradeToTlsAsync(SslStreamCertificateContext certificate, CancellationToken cancellationToken)
    {
        SslStream ssl = new(new DuplexPipeStream(transport.Input, transport.Output), leaveInnerStreamOpen: false);
        _ssl = ssl;
        await ssl.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificateContext = certificate,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                ClientCertificateRequired = false,
            },
            cancellationToken).ConfigureAwait(false);
        _reader = PipeReader.Create(ssl, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(ssl, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Flushes what is pending and signals end of stream to the client, within a short grace period.</summary>
    public async ValueTask CloseAsync()
    {
        using CancellationTokenSource grace = new(TimeSpan.FromSeconds(5));
        try
        {
            await _writer.FlushAsync(grace.Token).ConfigureAwait(false);
            if (_ssl is not null)
            {
                await _ssl.ShutdownAsync().WaitAsync(grace.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException or AuthenticationException)
        {
            // The client is gone or not reading; closing goes ahead regardless.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!ReferenceEquals(_reader, transport.Input))
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
            await _writer.CompleteAsync().ConfigureAwait(false);
        }

        if (_ssl is not null)
        {
            await _ssl.DisposeAsync().ConfigureAwait(false);
        }

        await transport.Input.CompleteAsync().ConfigureAwait(false);
        await transport.Output.CompleteAsync().ConfigureAwait(false);
    }

    private async ValueTask<ReadResult> WaitForInputAsync(CancellationTokenSource timeout)
    {
        timeout.CancelAfter(readTimeout);
        try
        {
            await _writer.FlushAsync(timeout.Token).ConfigureAwait(false);
            return await _reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private void WriteLine(int code, char separator, string? enhancedCode, string text)
    {
        string line = enhancedCode is null ? $"{code}{separator}{text}\r\n" : $"{code}{separator}{enhancedCode} {text}\r\n";
        Span<byte> destination = _writer.GetSpan(Utf8.GetMaxByteCount(line.Length));
        int written = Utf8.GetBytes(line, destination);
        _writer.Advance(written);
    }
}
