using System.Net;

using Microsoft.Extensions.Logging;

namespace MailManager.Smtp.Tests.Infrastructure;

/// <summary>A real listener manager with one endpoint bound on 127.0.0.1 and a free port.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly ErrorCollectingLoggerProvider _errors;
    private readonly ILoggerFactory _loggerFactory;

    private SmtpTestServer(SmtpListenerManager manager, SmtpServerOptions options, RecordingHandler handler, string endpointId, int port, ErrorCollectingLoggerProvider errors, ILoggerFactory loggerFactory)
    {
        _errors = errors;
        _loggerFactory = loggerFactory;
        Manager = manager;
        Options = options;
        Handler = handler;
        EndpointId = endpointId;
        Port = port;
    }

    public SmtpListenerManager Manager { get; }

    public SmtpServerOptions Options { get; }

    public RecordingHandler Handler { get; }

    public string EndpointId { get; }

    public int Port { get; }

    public static SmtpServerOptions DefaultOptions() => new()
    {
        ServerName = "mx.test.example",
        CommandTimeout = TimeSpan.FromSeconds(30),
        DrainTimeout = TimeSpan.FromSeconds(10),
    };

    public static async Task<SmtpTestServer> StartAsync(
        Action<SmtpServerOptions>? configure = null,
        SmtpAuthMode authMode = SmtpAuthMode.Open,
        SmtpTlsPolicy tlsPolicy = SmtpTlsPolicy.Optional,
        bool withCertificate = true,
        string endpointId = "inp-test0000000000000000000",
        RecordingHandler? handler = null)
    {
        SmtpServerOptions options = DefaultOptions();
        configure?.Invoke(options);
        ErrorCollectingLoggerProvider errors = new();
        ILoggerFactory loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Error).AddProvider(errors));
        SmtpListenerManager manager = new(Microsoft.Extensions.Options.Options.Create(options), loggerFactory);
        handler ??= new RecordingHandler();
        SmtpListenerStartResult result = await manager.StartListenerAsync(
            new SmtpEndpoint
            {
                EndpointId = endpointId,
                EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                AuthMode = authMode,
                TlsPolicy = tlsPolicy,
                Certificate = withCertificate ? TestCertificate.Instance : null,
            },
            handler);
        Assert.True(result.Succeeded, result.Message);
        return new SmtpTestServer(manager, options, handler, endpointId, result.BoundEndPoint.Port, errors, loggerFactory);
    }

    public Task<RawSmtpClient> ConnectAsync() => RawSmtpClient.ConnectGreetedAsync(Port);

    /// <summary>Connects, greets with EHLO and, on an authenticated endpoint, upgrades to TLS and logs in.</summary>
    public async Task<RawSmtpClient> ConnectReadyAsync(bool tls = false, bool login = false)
    {
        RawSmtpClient client = await ConnectAsync();
        await client.EhloAsync();
        if (tls)
        {
            await client.StartTlsAsync();
            await client.EhloAsync();
        }

        if (login)
        {
            SmtpTestReply auth = await client.CommandAsync("AUTH PLAIN " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{EndpointId}\0{Handler.Password}")));
            Assert.Equal(235, auth.Code);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        _loggerFactory.Dispose();
        Assert.Empty(_errors.Errors);
    }
}
