using Microsoft.AspNetCore.StaticAssets;
using Microsoft.AspNetCore.StaticAssets.Infrastructure;
using Microsoft.Extensions.FileProviders;

namespace MailManager.Web.Hosting;

/// <summary>
/// The console's static files. The repository's top-level <c>wwwroot/</c> (css, favicon, logo) is copied beside the
/// binaries as <c>console-assets/</c>, so <c>dotnet run</c>, <c>dotnet publish</c> and the tests all find it in the
/// same place. The framework's, MudBlazor's and the components' assets are static web assets in the web root; without
/// them the console has neither styles nor interactivity, so a web root that lacks them stops the start, and a request
/// for one that has gone missing since is answered 500, never an empty 200.
/// </summary>
public static partial class ConsoleAssets
{
    public const string FolderName = "console-assets";

    public static IApplicationBuilder UseConsoleAssets(this IApplicationBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, FolderName);
        if (Directory.Exists(folder))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder) });
        }
        return app;
    }

    /// <summary>Maps the static web assets, and stops the start unless the web root holds every one of them.</summary>
    public static WebApplication MapVerifiedStaticAssets(this WebApplication app)
    {
        app.MapStaticAssets();
        var webRoot = app.Environment.WebRootFileProvider;
        var assets = StaticAssetsEndpointDataSourceHelper.ResolveStaticAssetDescriptors(app, null)
            .Select(descriptor => descriptor.AssetPath)
            .ToHashSet(StringComparer.Ordinal);
        var missing = assets.Where(path => !webRoot.GetFileInfo(path).Exists).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var root = string.IsNullOrEmpty(app.Environment.WebRootPath)
                ? $"'{Path.Combine(app.Environment.ContentRootPath, "wwwroot")}', which does not exist"
                : $"'{app.Environment.WebRootPath}'";
            throw new InvalidOperationException(
                $"{missing.Count} of the console's {assets.Count} web assets are missing from the web root {root} " +
                $"(first: {missing[0]}). Start the published app as installed, or set --contentRoot to the folder " +
                "that holds its wwwroot/.");
        }

        app.Use((context, next) =>
        {
            // The static-asset endpoint answers from its manifest even when the file is gone: an empty 200.
            if (context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is { } asset && !webRoot.GetFileInfo(asset.AssetPath).Exists)
            {
                LogAssetMissing(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConsoleAssets)), asset.AssetPath);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            }
            return next(context);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Console asset {AssetPath} is missing from the web root; answered 500")]
    private static partial void LogAssetMissing(ILogger logger, string assetPath);
}
