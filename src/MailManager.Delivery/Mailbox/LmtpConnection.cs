using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailManager.Core.RuleSets.Actions;
using MailManager.Delivery.Relays;

namespace MailManager.Delivery.Mailbox;

/// <summary>
/// One connection to an LMTP server: writes commands and message data, reads replies. Every read and write is
/// bounded by the timeout in force (<see cref="Timeout"/>); running out of it throws <see cref="TimeoutException"/>,
/// while the caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class LmtpConnection : IAsyncDisposable
{
    /// <summary>
    /// RFC 5321 allows 512 octets per reply line; real servers stay near that. Far more means the peer does not
    /// speak SMTP at all, and reading on would only grow the buffer.
    /// </summary>
    private const int MaxLineLength = 8192;

    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationToken _ct;
    private readonly byte[] _buffer = new byte[MaxLineLength];
    private int _start;
    private int _end;

    private LmtpConnection(Socket socket, CancellationTokenSource timeout, CancellationToken ct)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _timeout = timeout;
        _ct = ct;
    }

    /// <summary>How long each following read or write may take.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>Connects by TCP (Nagle off, dual mode) or to a Unix domain socket, within <paramref name="connectTimeout"/>.</summary>
    public static async Task<LmtpConnection> ConnectAsync(LmtpServer server, TimeSpan connectTimeout, CancellationToken ct)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(connectTimeout);
        Socket? socket = null;
        try
        {
            if (server.SocketPath is { } path)
            {
                socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), timeout.Token);
            }
            else
            {
                socket = await RelaySocket.ConnectAsync(server.Host!, server.Port, timeout.Token);
            }
            return new LmtpConnection(socket, timeout, ct) { Timeout = connectTimeout };
        }
        catch (Exception ex)
        {
            socket?.Dispose();
            timeout.Dispose();
            if (ex is OperationCanceledException && !ct.IsCancellationRequested)
            {
                throw new RelayFailure.ConnectTimeoutException();
            }
            throw;
        }
    }

    /// <summary>Writes one command line (UTF-8, for SMTPUTF8 addresses) and reads its reply.</summary>
    public async Task<LmtpReply> CommandAsync(string command)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(command) + 2];
        Encoding.UTF8.GetBytes(command, bytes);
        Crlf.CopyTo(bytes, bytes.Length - 2);
        await WriteAsync(bytes);
        return await ReadReplyAsync();
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> data)
    {
        var token = Arm();
        try
        {
            await _stream.WriteAsync(data, token);
        }
        catch (OperationCanceledException) when (!_ct.IsCancellationRequested)
        {
            throw new TimeoutException("Writing to the server timed out.");
        }
    }

    /// <summary>Reads one reply, all lines of a multi-line one (<c>250-…</c> up to <c>250 …</c>).</summary>
    public async Task<LmtpReply> ReadReplyAsync()
    {
        var lines = new List<string>();
        var code = 0;
        while (true)
        {
            var line = await ReadLineAsync();
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var lineCode)
                || lineCode < 100 || (line.Length > 3 && line[3] is not (' ' or '-')))
            {
                throw new LmtpProtocolException($"the server sent \"{Printable(line)}\" where a reply was expected");
            }
            if (lines.Count > 0 && lineCode != code)
            {
                throw new LmtpProtocolException($"a multi-line reply changed its code from {code} to {lineCode}");
            }
            code = lineCode;
            lines.Add(line.Length > 4 ? line[4..] : string.Empty);
            if (line.Length == 3 || line[3] == ' ')
            {
                return new LmtpReply(code, lines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _timeout.Dispose();
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }
                // Replies are ASCII, or UTF-8 under SMTPUTF8; other octets become U+FFFD instead of failing.
                var line = Encoding.UTF8.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                throw new LmtpProtocolException($"a reply line was longer than {MaxLineLength} octets");
            }
            var token = Arm();
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), token);
            }
            catch (OperationCanceledException) when (!_ct.IsCancellationRequested)
            {
                throw new TimeoutException("The server did not answer in time.");
            }
            if (read == 0)
            {
                throw new IOException("The server closed the connection.");
            }
            _end += read;
        }
    }

    /// <summary>Starts the timeout for the next read or write afresh.</summary>
    private CancellationToken Arm()
    {
        _ct.ThrowIfCancellationRequested();
        if (_timeout.IsCancellationRequested)
        {
            throw new TimeoutException("The server did not answer in time.");
        }
        _timeout.CancelAfter(Timeout);
        return _timeout.Token;
    }

    private static string Printable(string line)
    {
        var shown = line.Length > 80 ? line[..80] + "…" : line;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }
}

/// <summary>The server broke the protocol: a reply that is no reply, or one out of place.</summary>
internal sealed class LmtpProtocolException(string message) : Exception(message);

/// <summary>The message itself could not be read from its stream (the spool), which no retry of the server fixes by itself.</summary>
internal sealed class LmtpContentException(Exception inner) : Exception(inner.Message, inner);
