using System.Net;

namespace MailManager.E2E;

/// <summary>A console whose assets cannot be served says so: it never answers an empty 200 for them.</summary>
public sealed class PublishedAssetsTests : IDisposable
{
    private readonly TemporaryFolder _data = new("mm-assets-data-");
    private readonly TemporaryFolder _workingDirectory = new("mm-assets-cwd-");
    private readonly TemporaryFolder _copy = new("mm-assets-install-");

    public void Dispose()
    {
        _data.Dispose();
        _workingDirectory.Dispose();
        _copy.Dispose();
    }

    [Fact]
    public async Task A_content_root_without_the_web_assets_stops_the_start_with_the_reason()
    {
        // A content root pointed at a folder without wwwroot/, as a misconfigured service would.
        InvalidOperationException failed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, arguments: ["--contentRoot=" + _workingDirectory.Path]));

        Assert.Contains("web assets are missing from the web root", failed.Message);
        Assert.Contains(Path.Combine(_workingDirectory.Path, "wwwroot"), failed.Message);
    }

    [Fact]
    public async Task An_asset_removed_after_the_start_is_answered_500()
    {
        string install = await PublishedApp.InstallFolderAsync();
        CopyFolder(install, _copy.Path);
        await using PublishedApp app = await PublishedApp.StartAsync(_data.Path, _workingDirectory.Path, installFolder: _copy.Path);
        foreach (string file in Directory.GetFiles(Path.Combine(_copy.Path, "wwwroot"), "MailManager.Web.styles.css*"))
        {
            File.Delete(file);
        }

        using HttpClient http = new(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri(app.BaseUrl) };
        using HttpRequestMessage request = new(HttpMethod.Get, "MailManager.Web.styles.css");
        request.Headers.AcceptEncoding.ParseAdd("identity");
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await app.WaitForOutputAsync("Console asset MailManager.Web.styles.css is missing from the web root", TimeSpan.FromSeconds(10));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string folder in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(folder.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
