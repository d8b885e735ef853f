using System.Collections.Concurrent;
using System.Net;
using MailManager.Smtp;
using Microsoft.Extensions.Options;

namespace MailManager.Ingress.Tests;

/// <summary>An open SMTP server on a chosen loopback port that keeps what it receives: the relay's destination.</summary>
internal sealed class DownstreamSink : IAsyncDisposable, ISmtpEndpointHandler
{
    private readonly SmtpListenerManager _listeners = new(Options.Create(new SmtpServerOptions { ServerName = "downstream.test" }));

    public ConcurrentQueue<(SmtpEnvelope Envelope, string Content)> Received { get; } = new();

    /// <summary>Recipients it refuses at RCPT with <c>550 5.1.1</c>, as a mail server does for an unknown user.</summary>
    public Func<string, bool>? Refuses { get; init; }

    public async Task StartAsync(int port)
    {
        var result = await _listeners.StartListenerAsync(new SmtpEndpoint { EndpointId = "sink", EndPoint = new IPEndPoint(IPAddress.Loopback, port) }, this);
        Assert.True(result.Succeeded, result.Message);
    }

    public ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Refuses is not { } refuses ? SmtpSessionPolicy.AcceptAll : new SmtpSessionPolicy
        {
            CheckRecipient = (_, _, recipient, _) =>
                ValueTask.FromResult(refuses(recipient) ? new SmtpReply(550, "5.1.1", $"<{recipient}>: Recipient address rejected: User unknown") : null),
        });

    public ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ISmtpMessageSink>(new Sink(this));

    public ValueTask DisposeAsync() => _listeners.DisposeAsync();

    private sealed class Sink(DownstreamSink owner) : ISmtpMessageSink
    {
        private readonly MemoryStream _content = new();

        public Stream Content => _content;

        public ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            owner.Received.Enqueue((envelope, System.Text.Encoding.UTF8.GetString(_content.ToArray())));
            return ValueTask.FromResult("sink-" + owner.Received.Count);
        }

        public ValueTask DiscardAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => _content.DisposeAsync();
    }
}
