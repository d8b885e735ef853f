using System.Net;
using System.Net.Sockets;
using System.Text;
using MailManager.Api.Protocol;
using MailManager.Api.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MailManager.Api.Tests.Signing;

/// <summary>
/// Signed requests written byte for byte to a socket of a real Kestrel server: the path as sent (Kestrel normalizes
/// <c>Request.Path</c>, the signature covers the raw target), the raw query, and header lines repeated or padded
/// reach the verifier as the client signed them.
/// </summary>
public sealed class ApiAuthenticatorOverKestrelTests(ApiAuthenticatorOverKestrelTests.Server server)
    : IClassFixture<ApiAuthenticatorOverKestrelTests.Server>
{
    /// <summary>
    /// The suite cases that are valid HTTP/1.1 on the wire (not get-space, get-utf8 and get-vanilla-utf8-query with a raw
    /// space or UTF-8 in the request line, nor get-header-value-multiline's obs-fold, which Kestrel refuses; not the
    /// session-token cases, which the authenticator refuses by design).
    /// </summary>
    [Theory]
    [InlineData("get-vanilla")]
    [InlineData("get-vanilla-query")]
    [InlineData("get-vanilla-empty-query-key")]
    [InlineData("get-vanilla-query-order-key-case")]
    [InlineData("get-vanilla-query-order-encoded")]
    [InlineData("get-vanilla-query-unreserved")]
    [InlineData("get-unreserved")]
    [InlineData("get-header-key-duplicate")]
    [InlineData("get-header-value-order")]
    [InlineData("get-header-value-trim")]
    [InlineData("get-slash-normalized")]
    [InlineData("get-slashes-normalized")]
    [InlineData("get-slash-dot-slash-normalized")]
    [InlineData("get-slash-pointless-dot-normalized")]
    [InlineData("get-relative-normalized")]
    [InlineData("get-relative-relative-normalized")]
    [InlineData("post-vanilla")]
    [InlineData("post-vanilla-query")]
    [InlineData("post-vanilla-empty-query-value")]
    [InlineData("post-header-key-case")]
    [InlineData("post-header-key-sort")]
    [InlineData("post-header-value-case")]
    [InlineData("post-x-www-form-urlencoded")]
    [InlineData("post-x-www-form-urlencoded-parameters")]
    public async Task A_suite_request_sent_to_Kestrel_verifies(string name)
    {
        var suite = SigV4TestCase.Load(name);
        server.Clock.Now = suite.Time;

        var answer = await server.SendAsync(File.ReadAllBytes(Path.Combine(SigV4TestCase.Folder, name, "header-signed-request.txt")));

        Assert.Equal("200 " + suite.AccessKeyId, answer);
    }

    [Fact]
    public async Task A_suite_request_sent_to_Kestrel_with_another_header_value_does_not_verify()
    {
        server.Clock.Now = SigV4TestCase.Load("get-header-key-duplicate").Time;
        var request = File.ReadAllText(Path.Combine(SigV4TestCase.Folder, "get-header-key-duplicate", "header-signed-request.txt"))
            .Replace("My-Header1:value1", "My-Header1:value3", StringComparison.Ordinal);

        Assert.Equal("403 InvalidSignatureException", await server.SendAsync(Encoding.UTF8.GetBytes(request)));
    }

    [Fact]
    public async Task An_SDK_signed_MailManager_request_sent_to_Kestrel_verifies_and_an_altered_one_does_not()
    {
        server.Clock.Now = SdkSignedRequests.SignedAt;
        var request = SdkSignedRequests.CreateRuleSet();

        Assert.Equal("200 " + SdkSignedRequests.AccessKeyId, await server.SendAsync(Server.Http(request)));
        Assert.Equal("403 InvalidSignatureException", await server.SendAsync(Server.Http(request.WithHeader("x-amz-target", "MailManagerSvc.DeleteRuleSet"))));
        Assert.Equal("403 InvalidSignatureException", await server.SendAsync(Server.Http(request.WithBody(
            """{"RuleSetName":"inbound-rulez","Rules":[],"ClientToken":"5f0b6c8e-2d1a-4a52-9d7e-0c3f2b7a9e11"}"""))));
    }

    [Fact]
    public async Task A_request_recorded_from_the_MailManager_client_sent_to_Kestrel_verifies()
    {
        server.Clock.Now = SdkSignedRequests.ClientSignedAt.AddSeconds(3);

        Assert.Equal("200 " + SdkSignedRequests.AccessKeyId, await server.SendAsync(Server.Http(SdkSignedRequests.CreateTrafficPolicyFromClient())));
    }

    /// <summary>
    /// Kestrel on a loopback port answering <c>200 accessKeyId</c> or <c>status ErrorType</c>. The signing name follows
    /// <c>X-Amz-Target</c> as the API's does; the suite's requests have none and are signed for <c>service</c>.
    /// </summary>
    public sealed class Server : IAsyncLifetime
    {
        private WebApplication? _app;
        private int _port;

        public ManualClock Clock { get; } = new(DateTimeOffset.UnixEpoch);

        public InMemoryAccessKeyStore Keys { get; } = new(
            new ApiAccessKeySecret("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Active: true),
            new ApiAccessKeySecret(SdkSignedRequests.AccessKeyId, SdkSignedRequests.SecretAccessKey, Active: true));

        public async Task InitializeAsync()
        {
            _port = FreePort.Next();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
            _app = builder.Build();
            var authenticator = new ApiAuthenticator(Keys, new SignatureFailureThrottle(), Clock, NullLogger<ApiAuthenticator>.Instance);
            _app.Run(context => AnswerAsync(context, authenticator));
            await _app.StartAsync();
        }

        /// <summary>Writes the request (line feeds made CRLF, plus <c>Connection: close</c>) and reads the answer's body.</summary>
        public async Task<string> SendAsync(byte[] suiteRequest)
        {
            var text = Encoding.UTF8.GetString(suiteRequest);
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            var head = (split < 0 ? text.TrimEnd('\n') : text[..split]).Replace("\n", "\r\n", StringComparison.Ordinal);
            var body = split < 0 ? "" : text[(split + 2)..];

            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, _port);
            await using var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(head + "\r\nConnection: close\r\n\r\n" + body));
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var answer = await reader.ReadToEndAsync();
            return answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        }

        /// <summary>A recorded request in the suite's text form.</summary>
        public static byte[] Http(SigV4Request request) => Encoding.UTF8.GetBytes(
            $"{request.Method} {request.Path}{request.Query} HTTP/1.1\n"
            + string.Concat(request.Headers.Select(h => $"{h.Key}:{h.Value}\n"))
            + "\n" + Encoding.UTF8.GetString(request.Body.Span));

        private static async Task AnswerAsync(HttpContext context, ApiAuthenticator authenticator)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            var signingName = target.StartsWith("MailManagerSvc.", StringComparison.Ordinal) ? "ses"
                : target.StartsWith("secretsmanager.", StringComparison.Ordinal) ? "secretsmanager"
                : "service";
            string answer;
            try
            {
                answer = "200 " + await authenticator.AuthenticateAsync(context.Request, body.ToArray(), signingName, context.RequestAborted);
            }
            catch (ApiException error)
            {
                context.Response.StatusCode = error.StatusCode;
                answer = $"{error.StatusCode} {error.Type}";
            }

            // A Content-Length, not chunks, so SendAsync reads the body as it is.
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
        }
    }
}
