using System.Security.Cryptography;
using MailManager.Api.Resources;
using MailManager.Data.AddressLists;
using Microsoft.AspNetCore.DataProtection;
using MailManager.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MailManager.Api.Resources;

/// <summary>
/// The pre-signed upload URL of an address list import job (SES <c>PreSignedUrl</c>): this server's own URL with a
/// token that names the job and expires after <see cref="ApiOptions.ImportUploadLifetime"/> (Data Protection, keys in
/// the data folder). A plain <c>PUT</c> of the CSV or JSON file to it stores the file for the job, as an upload to S3
/// would; no other credential is needed, as with S3's pre-signed URLs.
/// </summary>
public sealed class ImportUploads(IDataProtectionProvider protection, IOptions<ApiOptions> options, TimeProvider time)
{
    public const string PathPrefix = "/api/address-list-imports/";

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("MailManager.AddressListImportUploads.v1").ToTimeLimitedDataProtector();

    public string UrlFor(string jobId, Uri origin) =>
        new Uri(origin, PathPrefix + _protector.Protect(jobId, time.GetUtcNow() + options.Value.ImportUploadLifetime)).ToString();

    /// <summary>The job a token names, or null when it is not one of ours or has expired.</summary>
    public string? JobOf(string token)
    {
        try
        {
            return _protector.Unprotect(token, out var expiration) is var jobId && expiration > time.GetUtcNow() ? jobId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}

/// <summary>Takes the <c>PUT</c> to an import job's upload URL.</summary>
public sealed class ImportUploadMiddleware(RequestDelegate next, ImportUploads uploads, AddressListService lists)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (!HttpMethods.IsPut(context.Request.Method) || !path.StartsWith(ImportUploads.PathPrefix, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }
        var jobId = uploads.JobOf(path[ImportUploads.PathPrefix.Length..]);
        if (jobId is null)
        {
            await AnswerAsync(context, 403, "This upload URL is not valid or has expired. Call GetAddressListImportJob for a new one.");
            return;
        }
        // The server's own body limit (30,000,000 bytes by default) gives way to the import file's, which says so.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AddressListService.MaxImportFileBytes + 1;
        }
        SaveResult result;
        try
        {
            result = await lists.ReplaceImportFileAsync(jobId, context.Request.Body, context.RequestAborted);
        }
        catch (BadHttpRequestException)
        {
            // The client sent less than it announced, or stopped: the job keeps the file it had.
            await AnswerAsync(context, 400, "The upload was incomplete; the job keeps its previous file. Send the whole file again.");
            return;
        }
        if (result.Succeeded)
        {
            context.Response.StatusCode = 200;
            return;
        }
        var status = result.IsNotFound ? 404 : result.Errors.IsConflict ? 409 : 413;
        await AnswerAsync(context, status, ApiResults.Describe(result.Errors));
    }

    private static Task AnswerAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }
}
