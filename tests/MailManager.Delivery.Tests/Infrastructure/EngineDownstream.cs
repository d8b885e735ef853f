using System.Net;
using System.Threading.Channels;
using MailManager.Smtp;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests.Infrastructure;

/// <summary>
/// MailManager's own SMTP engine as a relay's downstream: STARTTLS required, with a self-signed certificate, and
/// AUTH (allowed only after TLS) against one username and password.
/// </summary>
internal sealed class EngineDownstream : ISmtpEndpointHandler, IAsyncDisposable
{
    private const string EndpointId = "inp-downstream0000000000000";
    private readonly SmtpListenerManager _manager;
    private readonly Channel<(SmtpEnvelope Envelope, byte[] Content)> _received = Channel.CreateUnbounded<(SmtpEnvelope, byte[])>();
    private readonly string _userName;
    private readonly string _password;

    private EngineDownstream(string userName, string password)
    {
        _userName = userName;
        _password = password;
        _manager = new SmtpListenerManager(Options.Create(new SmtpServerOptions { ServerName = "downstream.test" }));
    }

    public int Port { get; private set; }

    public static async Task<EngineDownstream> StartAsync(string userName, string password)
    {
        var downstream = new EngineDownstream(userName, password);
        var result = await downstream._manager.StartListenerAsync(new SmtpEndpoint
        {
            EndpointId = EndpointId,
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            AuthMode = SmtpAuthMode.Authenticated,
            TlsPolicy = SmtpTlsPolicy.Required,
            Certificate = SmtpCertificates.CreateSelfSigned("downstream.test", TimeSpan.FromDays(1)),
        }, downstream);
        Assert.True(result.Succeeded, result.Message);
        downstream.Port = result.BoundEndPoint!.Port;
        return downstream;
    }

    public async Task<(SmtpEnvelope Envelope, byte[] Content)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SmtpSessionPolicy.AcceptAll);

    public ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken) =>
        ValueTask.FromResult(username == _userName && password == _password);

    public ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISmtpMessageSink>(new MemorySink(_received.Writer));

    public ValueTask DisposeAsync() => _manager.DisposeAsync();

    private sealed class MemorySink(ChannelWriter<(SmtpEnvelope, byte[])> received) : ISmtpMessageSink
    {
        private readonly MemoryStream _content = new();

        public Stream Content => _content;

        public ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            received.TryWrite((envelope, _content.ToArray()));
            return ValueTask.FromResult("DOWN1");
        }

        public ValueTask DiscardAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
