using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailManager.Web.Tests.SmtpRelays;

/// <summary>
/// Just enough of an SMTP server for "Test connection": a 220 greeting, EHLO (offering AUTH PLAIN
/// when asked), AUTH → 235, QUIT → 221, and 250 for anything else. No TLS, so MailKit goes on
/// without STARTTLS. Records the lines it received.
/// </summary>
public sealed class TinySmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly bool _offerAuth;

    public TinySmtpServer(bool offerAuth = false)
    {
        _offerAuth = offerAuth;
        _listener.Start();
        _serving = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<string> Received { get; } = [];

    private async Task ServeAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                try
                {
                    await ConverseAsync(client.GetStream());
                }
                catch (IOException)
                {
                    // The client hung up mid-conversation; wait for the next one.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ConverseAsync(NetworkStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 tiny.test ESMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            Record(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" when _offerAuth:
                    await writer.WriteLineAsync("250-tiny.test");
                    await writer.WriteLineAsync("250 AUTH PLAIN");
                    break;
                case "EHLO":
                    await writer.WriteLineAsync("250 tiny.test");
                    break;
                case "AUTH" when line.Trim().Equals("AUTH PLAIN", StringComparison.OrdinalIgnoreCase):
                    // No initial response: ask for it, then accept whatever comes.
                    await writer.WriteLineAsync("334 ");
                    Record(await reader.ReadLineAsync(_stop.Token) ?? "");
                    await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                    break;
                case "AUTH":
                    await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private void Record(string line)
    {
        lock (Received)
        {
            Received.Add(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving;
        _stop.Dispose();
    }
}
