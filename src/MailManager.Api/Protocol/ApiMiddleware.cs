using System.Text.Json;
using System.Text.Json.Nodes;
using MailManager.Data.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Api.Protocol;

/// <summary>
/// The API on the console's port: a <c>POST</c> with an <c>X-Amz-Target</c> header (AWS JSON 1.0 and 1.1), or to
/// <c>/service/{service}/operation/{operation}</c> (Smithy RPC v2 CBOR, which newer SDK models prefer), is an API request;
/// everything else goes on to the console. It is authenticated (Signature Version 4), dispatched by target, and
/// answered with the operation's JSON or an error's <c>__type</c> and <c>message</c>. Changes are recorded against the
/// access key. Request bodies hold passwords and secret values: they are never logged.
/// </summary>
public sealed partial class ApiMiddleware(
    RequestDelegate next, ApiOperations operations, IApiAuthenticator authenticator, ApiRecords records,
    IOptions<ApiOptions> options, ILogger<ApiMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = ApiWireRequest.Of(context.Request);
        if (request is null)
        {
            await next(context);
            return;
        }
        var (service, name, wire) = request.Value;
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        wire.AddResponseHeaders(context.Response);
        var target = $"{service}.{name}";
        var ct = context.RequestAborted;
        try
        {
            var protocol = ApiServices.Of(service) ?? throw ApiException.UnknownOperation(target);
            if (wire.IsCbor && service != ApiServices.MailManager)
            {
                throw ApiException.UnknownOperation(target);
            }
            var body = await ReadBodyAsync(context.Request, ct);
            var accessKeyId = await authenticator.AuthenticateAsync(context.Request, body, protocol.SigningName, ct);
            var operation = operations.Find(service, name) ?? throw ApiException.UnknownOperation(target);
            var call = new ApiCall(accessKeyId, name, requestId, wire.Decode(body), new Uri($"{context.Request.Scheme}://{context.Request.Host}"));
            var result = await operation.InvokeAsync(call, ct);
            if (call.IsChange)
            {
                await records.RecordChangeAsync(accessKeyId, name, call.ResourceId, CancellationToken.None);
                LogChange(accessKeyId, target, call.ResourceId);
            }
            await WriteAsync(context.Response, 200, wire, wire.ContentType ?? protocol.ContentType, result ?? new JsonObject(), ct);
        }
        catch (ApiException e)
        {
            LogRefused(target, e.StatusCode, e.Type);
            context.Response.Headers["x-amzn-ErrorType"] = e.Type;
            await WriteAsync(context.Response, e.StatusCode, wire, wire.ContentType ?? ApiServices.Of(service)?.ContentType ?? "application/x-amz-json-1.0",
                new JsonObject { ["__type"] = e.Type, ["message"] = e.Message }, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e)
        {
            LogFailed(e, target);
            await WriteAsync(context.Response, 500, wire, wire.ContentType ?? "application/x-amz-json-1.0",
                new JsonObject { ["__type"] = "InternalServerException", ["message"] = $"The request failed on the server (request {requestId}); see the gateway's log." }, ct);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        var max = options.Value.MaxRequestBytes;
        // The server's own limit (30,000,000 bytes by default) gives way to the API's, which is checked below.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1L;
        }
        if (request.ContentLength > max)
        {
            throw new ApiException("SerializationException", 413, $"The request body is larger than {max} bytes.");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new ApiException("SerializationException", 413, $"The request body is larger than {max} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task WriteAsync(HttpResponse response, int status, ApiWire wire, string contentType, JsonNode body, CancellationToken ct)
    {
        if (response.HasStarted)
        {
            return;
        }
        response.StatusCode = status;
        response.ContentType = contentType;
        await response.Body.WriteAsync(wire.Encode(body), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "API {Target} by access key {AccessKeyId} changed {ResourceId}")]
    private partial void LogChange(string accessKeyId, string target, string? resourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "API {Target} answered {Status} {ErrorType}")]
    private partial void LogRefused(string target, int status, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "API {Target} failed")]
    private partial void LogFailed(Exception exception, string target);
}
