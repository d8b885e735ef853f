using Microsoft.Extensions.Hosting;

namespace MailManager.Web.Hosting;

/// <summary>
/// Where the app's own files are found. A service manager starts the app in whatever folder it likes, so by default the
/// content root (appsettings.json, and wwwroot/ with the framework's and MudBlazor's assets) is the folder the app is
/// installed in, not the working directory. A content root given as usual (<c>--contentRoot</c>,
/// <c>ASPNETCORE_CONTENTROOT</c>, <c>DOTNET_CONTENTROOT</c>; the test host passes one) wins.
/// </summary>
public static class InstallFolder
{
    public static WebApplicationOptions Options(string[] args)
    {
        // Read the way the host reads its own settings, so every spelling it accepts is honoured.
        IConfiguration host = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        bool configured = !string.IsNullOrEmpty(host[HostDefaults.ContentRootKey]);
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = configured ? null : AppContext.BaseDirectory,
        };
    }
}
