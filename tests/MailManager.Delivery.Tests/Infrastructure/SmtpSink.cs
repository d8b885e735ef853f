using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailManager.Delivery.Tests.Infrastructure;

/// <summary>
/// A small real SMTP server on a loopback socket standing in for a relay's downstream: it records the envelope,
/// AUTH PLAIN credentials and the exact DATA bytes (dot-unstuffed), and answers RCPT and DATA as the test says.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SinkTransaction> _transactions = new();
    private readonly Task _accepting;
    private int _queued;
    private int _connections;

    private SmtpSink(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>The reply to RCPT TO for an address; 250 unless set.</summary>
    public Func<string, string> RcptReply { get; set; } = _ => "250 2.1.5 Ok";

    /// <summary>The reply after the message data, given the queue number; 250 unless set.</summary>
    public Func<int, string> DataReply { get; set; } = n => $"250 2.0.0 Ok: queued as Q{n}";

    /// <summary>Whether EHLO offers AUTH PLAIN.</summary>
    public bool OfferAuth { get; set; }

    /// <summary>Messages whose DATA was answered with a 2xx reply.</summary>
    public IReadOnlyList<SinkTransaction> Accepted => _transactions.ToList();

    /// <summary>How many connections clients opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static SmtpSink Start(int port = 0) => new(port);

    public Task<IReadOnlyList<SinkTransaction>> WaitForAsync(int count) =>
        Eventually.WaitAsync(() => Task.FromResult(Accepted), t => t.Count >= count, $"{count} message(s) at the sink");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        var ct = _stop.Token;
        string? mailFrom = null;
        string? authUser = null;
        string? authPassword = null;
        var recipients = new List<string>();
        try
        {
            await Send(stream, "220 sink ESMTP", ct);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                var command = Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');
                var verb = command.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await Send(stream, OfferAuth ? "250-sink\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 AUTH PLAIN" : "250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8", ct);
                        break;
                    case "HELO" or "NOOP" or "RSET":
                        mailFrom = null;
                        recipients.Clear();
                        await Send(stream, "250 2.0.0 Ok", ct);
                        break;
                    case "AUTH":
                        var parts = command.Split(' ');
                        var initial = parts.Length > 2 ? parts[2] : null;
                        if (initial is null)
                        {
                            await Send(stream, "334 ", ct);
                            initial = Encoding.ASCII.GetString(await reader.ReadLineAsync(ct) ?? []).Trim();
                        }
                        var plain = Encoding.UTF8.GetString(Convert.FromBase64String(initial)).Split('\0');
                        (authUser, authPassword) = (plain[1], plain[2]);
                        await Send(stream, "235 2.7.0 Authentication successful", ct);
                        break;
                    case "MAIL":
                        mailFrom = Between(command);
                        recipients.Clear();
                        await Send(stream, "250 2.1.0 Ok", ct);
                        break;
                    case "RCPT":
                        var address = Between(command);
                        var reply = RcptReply(address);
                        if (reply.StartsWith('2'))
                        {
                            recipients.Add(address);
                        }
                        await Send(stream, reply, ct);
                        break;
                    case "DATA":
                        await Send(stream, "354 End data with <CR><LF>.<CR><LF>", ct);
                        var data = await ReadDataAsync(reader, ct);
                        var number = Interlocked.Increment(ref _queued);
                        var dataReply = DataReply(number);
                        if (dataReply.StartsWith('2'))
                        {
                            _transactions.Enqueue(new SinkTransaction(mailFrom ?? "", [.. recipients], data, authUser, authPassword));
                        }
                        await Send(stream, dataReply, ct);
                        break;
                    case "QUIT":
                        await Send(stream, "221 2.0.0 Bye", ct);
                        return;
                    default:
                        await Send(stream, "502 5.5.2 Command not recognized", ct);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private static async Task<byte[]> ReadDataAsync(LineReader reader, CancellationToken ct)
    {
        using var data = new MemoryStream();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.AsSpan().SequenceEqual(".\r\n"u8))
            {
                break;
            }
            // RFC 5321 §4.5.2: a leading dot was doubled by the client.
            data.Write(line.Length > 0 && line[0] == (byte)'.' ? line.AsSpan(1) : line);
        }
        return data.ToArray();
    }

    private static string Between(string command)
    {
        var start = command.IndexOf('<');
        var end = command.IndexOf('>', start + 1);
        return command[(start + 1)..end];
    }

    private static Task Send(NetworkStream stream, string reply, CancellationToken ct) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), ct).AsTask();

    /// <summary>Reads CRLF-terminated lines as raw bytes, line ending included.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        public async Task<byte[]?> ReadLineAsync(CancellationToken ct)
        {
            using var line = new MemoryStream();
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    line.Write(_buffer, _start, newline + 1);
                    _start += newline + 1;
                    return line.ToArray();
                }
                line.Write(_buffer, _start, _end - _start);
                _start = 0;
                _end = await stream.ReadAsync(_buffer, ct);
                if (_end == 0)
                {
                    return null;
                }
            }
        }
    }
}
