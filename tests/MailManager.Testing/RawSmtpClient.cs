using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

using Xunit;

namespace MailManager.Testing;

/// <summary>
/// A deliberately dumb line-based SMTP client over a real socket, so tests can send exactly the bytes they mean
/// (pipelined batches, bare LFs, injected commands) and see every reply.
/// </summary>
public sealed class RawSmtpClient : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Stream _stream;
    private int _start;
    private int _end;

    private RawSmtpClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public SslStream? Ssl => _stream as SslStream;

    public static async Task<RawSmtpClient> ConnectAsync(int port)
    {
        TcpClient tcp = new();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawSmtpClient(tcp);
    }

    /// <summary>Connects and reads the greeting, which must be a 220.</summary>
    public static async Task<RawSmtpClient> ConnectGreetedAsync(int port)
    {
        RawSmtpClient client = await ConnectAsync(port);
        SmtpTestReply greeting = await client.ReadReplyAsync();
        Assert.Equal(220, greeting.Code);
        return client;
    }

    public async Task SendAsync(string raw)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(raw);
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public async Task SendBytesAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Sends each piece in a write of its own: over TLS, each becomes one record (or more, above 16 KiB).</summary>
    public async Task SendPiecesAsync(IEnumerable<ReadOnlyMemory<byte>> pieces)
    {
        foreach (ReadOnlyMemory<byte> piece in pieces)
        {
            await SendBytesAsync(piece);
        }
    }

    public async Task<SmtpTestReply> CommandAsync(string line)
    {
        await SendAsync(line + "\r\n");
        return await ReadReplyAsync();
    }

    /// <summary>Sends EHLO and asserts a 250.</summary>
    public async Task<SmtpTestReply> EhloAsync(string name = "client.example")
    {
        SmtpTestReply reply = await CommandAsync("EHLO " + name);
        Assert.Equal(250, reply.Code);
        return reply;
    }

    /// <summary>Issues STARTTLS and runs the client handshake, accepting the self-signed test certificate.</summary>
    public async Task StartTlsAsync()
    {
        SmtpTestReply reply = await CommandAsync("STARTTLS");
        Assert.Equal("220 2.0.0", $"{reply.Code} {reply.Enhanced}");
        await HandshakeAsync();
    }

    /// <summary>The client side of a TLS handshake on the current connection.</summary>
    public async Task HandshakeAsync()
    {
        Assert.Equal(_start, _end); // nothing may be left over from the plaintext phase
        SslStream ssl = new(_stream, leaveInnerStreamOpen: false);
        using CancellationTokenSource timeout = new(ReadTimeout);
        await ssl.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            },
            timeout.Token);
        _stream = ssl;
    }

    /// <summary>Reads one complete (possibly multi-line) reply.</summary>
    public async Task<SmtpTestReply> ReadReplyAsync()
    {
        List<string> lines = [];
        while (true)
        {
            string? line = await ReadLineAsync() ?? throw new IOException($"Connection closed after: {string.Join(" | ", lines)}");
            lines.Add(line);
            if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out int code))
            {
                throw new InvalidDataException($"Not an SMTP reply line: '{line}'");
            }

            if (line.Length == 3 || line[3] == ' ')
            {
                return new SmtpTestReply(code, lines);
            }
        }
    }

    /// <summary>Reads until the server closes the connection; returns what arrived before (empty when nothing).</summary>
    public async Task<string> ReadToEndAsync()
    {
        StringBuilder rest = new();
        try
        {
            while (await ReadLineAsync() is { } line)
            {
                rest.Append(line).Append('\n');
            }
        }
        catch (IOException)
        {
            // A reset counts as closed.
        }

        return rest.ToString();
    }

    /// <summary>Drops the connection with a reset, as a client that crashes or loses its network: no QUIT, no FIN.</summary>
    public void Vanish()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            int lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (lf >= 0)
            {
                string line = Encoding.UTF8.GetString(_buffer, _start, lf - _start).TrimEnd('\r');
                _start = lf + 1;
                return line;
            }

            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            using CancellationTokenSource timeout = new(ReadTimeout);
            int read;
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("No reply from the server within the test's read timeout.");
            }

            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }
}
