using System.Collections.Concurrent;
using System.Net;
using MailManager.Smtp;
using Microsoft.Extensions.Options;

namespace MailManager.E2E.Infrastructure;

/// <summary>
/// A real SMTP server standing in for the organisation's mail system (Exchange, Microsoft 365…), built on
/// MailManager's own engine: it requires AUTH with the given credentials over STARTTLS and keeps what it
/// receives, so a test can check that a relayed message arrived, bytes and envelope.
/// </summary>
public sealed class DownstreamServer : IAsyncDisposable, ISmtpEndpointHandler
{
    private readonly SmtpListenerManager _listeners = new(Options.Create(new SmtpServerOptions { ServerName = "downstream.test" }));
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _certificate = SmtpCertificates.CreateSelfSigned("downstream.test", TimeSpan.FromDays(1));

    public DownstreamServer(string userName, string password)
    {
        UserName = userName;
        Password = password;
    }

    public string UserName { get; }

    public string Password { get; }

    public int Port { get; private set; }

    public ConcurrentQueue<(SmtpEnvelope Envelope, string Content)> Received { get; } = new();

    /// <summary>Listens on <paramref name="port"/>, or on a free port when it is 0.</summary>
    public async Task StartAsync(int port = 0)
    {
        var result = await _listeners.StartListenerAsync(new SmtpEndpoint
        {
            EndpointId = "downstream",
            EndPoint = new IPEndPoint(IPAddress.Loopback, port),
            AuthMode = SmtpAuthMode.Authenticated,
            Certificate = _certificate,
        }, this);
        Port = result.BoundEndPoint!.Port;
    }

    public ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SmtpSessionPolicy.AcceptAll);

    public ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult(username == UserName && password == Password);

    public ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISmtpMessageSink>(new MemorySink(this));

    public async ValueTask DisposeAsync()
    {
        await _listeners.DisposeAsync();
        _certificate.Dispose();
    }

    private sealed class MemorySink(DownstreamServer server) : ISmtpMessageSink
    {
        private readonly MemoryStream _content = new();

        public Stream Content => _content;

        public ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            server.Received.Enqueue((envelope, System.Text.Encoding.UTF8.GetString(_content.ToArray())));
            return ValueTask.FromResult("downstream-" + server.Received.Count);
        }

        public ValueTask DiscardAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => _content.DisposeAsync();
    }
}
