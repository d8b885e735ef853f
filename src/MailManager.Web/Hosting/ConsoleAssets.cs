using Microsoft.Extensions.FileProviders;

namespace MailManager.Web.Hosting;

/// <summary>
/// Serves the repository's top-level <c>wwwroot/</c> (css, favicon, logo). The project copies it
/// beside the binaries as <c>console-assets/</c>, so <c>dotnet run</c>, <c>dotnet publish</c> and
/// the tests all find it in the same place without linking files into static web assets.
/// </summary>
public static class ConsoleAssets
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
}
