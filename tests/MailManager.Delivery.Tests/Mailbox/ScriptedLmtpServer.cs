using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailManager.Delivery.Tests.Mailbox;

/// <summary>
/// A scripted LMTP server on a loopback socket for one session: answers as told, records the commands and the
/// DATA octets exactly as they arrived. For what a real Dovecot will not do on request (a 452 for one recipient
/// after DATA, a dropped connection, garbage).
/// </summary>
internal sealed class ScriptedLmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<Session> _session;

    private ScriptedLmtpServer(TcpListener listener, Func<CancellationToken, Task<Session>> run)
    {
        _listener = listener;
        _session = run(_stop.Token);
    }

    public sealed record Session(IReadOnlyList<string> Commands, byte[] Data, int DataReads);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <param name="afterData">The replies after the final ".", one per accepted recipient.</param>
    /// <param name="rcpt">The reply to RCPT TO for an address; 250 by default.</param>
    /// <param name="silent">Accept the connection and never say anything.</param>
    public static ScriptedLmtpServer Start(
        IReadOnlyList<string> afterData,
        string greeting = "220 fake.test LMTP ready",
        string? lhlo = null,
        IReadOnlyList<string>? extensions = null,
        string mail = "250 2.1.0 OK",
        Func<string, string>? rcpt = null,
        bool closeAfterData = false,
        bool silent = false)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        string[] lhloLines = ["fake.test", .. extensions ?? ["PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES"]];
        var lhloReply = lhlo ?? string.Join("\r\n", lhloLines.Select((line, i) => $"250{(i == lhloLines.Length - 1 ? ' ' : '-')}{line}"));
        return new ScriptedLmtpServer(listener, async ct =>
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            var stream = client.GetStream();
            var reader = new LineReader(stream);
            var commands = new List<string>();
            if (silent)
            {
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                return new Session(commands, [], 0);
            }

            await WriteAsync(stream, greeting, ct);
            byte[] data = [];
            var dataReads = 0;
            var accepted = 0;
            while (await reader.ReadLineAsync(ct) is { } command)
            {
                commands.Add(command);
                var verb = command.Split(' ', ':')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "LHLO":
                        await WriteAsync(stream, lhloReply, ct);
                        break;
                    case "MAIL":
                        await WriteAsync(stream, mail, ct);
                        break;
                    case "RCPT":
                        var address = command[(command.IndexOf('<') + 1)..command.LastIndexOf('>')];
                        var reply = rcpt?.Invoke(address) ?? "250 2.1.5 OK";
                        accepted += reply.StartsWith('2') ? 1 : 0;
                        await WriteAsync(stream, reply, ct);
                        break;
                    case "DATA":
                        await WriteAsync(stream, "354 OK", ct);
                        (data, dataReads) = await reader.ReadDataAsync(ct);
                        foreach (var answer in afterData)
                        {
                            await WriteAsync(stream, answer, ct);
                        }
                        if (closeAfterData)
                        {
                            return new Session(commands, data, dataReads);
                        }
                        break;
                    case "QUIT":
                        await WriteAsync(stream, "221 2.0.0 Bye", ct);
                        return new Session(commands, data, dataReads);
                    default:
                        await WriteAsync(stream, "500 5.5.1 Unknown command", ct);
                        break;
                }
            }
            return new Session(commands, data, dataReads);
        });
    }

    /// <summary>The session, once the client has ended it.</summary>
    public Task<Session> SessionAsync() => _session.WaitAsync(TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _session;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (IOException)
        {
        }
        _stop.Dispose();
    }

    private static Task WriteAsync(NetworkStream stream, string reply, CancellationToken ct) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), ct).AsTask();

    private sealed class LineReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[256 * 1024];
        private int _length;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            while (true)
            {
                var end = _buffer.AsSpan(0, _length).IndexOf("\r\n"u8);
                if (end >= 0)
                {
                    var line = Encoding.UTF8.GetString(_buffer, 0, end);
                    Consume(end + 2);
                    return line;
                }
                if (!await FillAsync(ct))
                {
                    return null;
                }
            }
        }

        /// <summary>The octets up to and including the terminating ".", and how many reads they took.</summary>
        public async Task<(byte[] Data, int Reads)> ReadDataAsync(CancellationToken ct)
        {
            using var data = new MemoryStream();
            var reads = 0;
            while (true)
            {
                data.Write(_buffer, 0, _length);
                Consume(_length);
                var span = data.GetBuffer().AsSpan(0, (int)data.Length);
                if (span.SequenceEqual(".\r\n"u8) || span.EndsWith("\r\n.\r\n"u8))
                {
                    return (data.ToArray(), reads);
                }
                if (!await FillAsync(ct))
                {
                    throw new IOException("The client closed the connection during DATA.");
                }
                reads++;
            }
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            var read = await stream.ReadAsync(_buffer.AsMemory(_length), ct);
            _length += read;
            return read > 0;
        }

        private void Consume(int count)
        {
            Buffer.BlockCopy(_buffer, count, _buffer, 0, _length - count);
            _length -= count;
        }
    }
}
