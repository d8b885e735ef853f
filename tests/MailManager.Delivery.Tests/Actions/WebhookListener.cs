using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailManager.Delivery.Tests.Actions;

/// <summary>
/// A real HTTP(S) endpoint on a loopback port (Kestrel) that records every request it gets and answers with the
/// status the test set, optionally after a delay.
/// </summary>
internal sealed class WebhookListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookListener(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public sealed record Received(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public string BaseUrl { get; }

    /// <summary>A URL with a path and a query token, as real webhook URLs often have.</summary>
    public string Url => BaseUrl + "/hooks/mail?token=query-secret";

    public int Status { get; set; } = 200;

    public string? Location { get; set; }

    public string ReplyBody { get; set; } = string.Empty;

    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static async Task<WebhookListener> StartAsync(X509Certificate2? certificate = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var listener = new WebhookListener(app, $"{(certificate is null ? "http" : "https")}://127.0.0.1:{port}");
        app.Run(listener.HandleAsync);
        await app.StartAsync();
        return listener;
    }

    public Received Single() => Assert.Single(Requests);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Requests.Enqueue(new Received(
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray()));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }
        context.Response.StatusCode = Status;
        if (Location is not null)
        {
            context.Response.Headers.Location = Location;
        }
        await context.Response.WriteAsync(ReplyBody);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
