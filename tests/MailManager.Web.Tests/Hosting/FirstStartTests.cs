using MailManager.Data.Identity;
using MailManager.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Web.Tests.Hosting;

/// <summary>The first start of the real app on an empty data folder: the administrator and the sign-in gate.</summary>
public sealed class FirstStartTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mm-first-" + Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program> _app = default!;

    public Task InitializeAsync()
    {
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("MailManager:DataDirectory", _dataDirectory));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Without_a_configured_password_one_is_generated_saved_for_the_owner_only_and_works()
    {
        _ = _app.Services;
        var file = Path.Combine(_dataDirectory, AdminAccountSeeder.PasswordFileName);

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        // Exactly the password and a newline, as `cat` or a script reads it (no byte-order mark).
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(21, bytes.Length);
        Assert.Equal((byte)'\n', bytes[^1]);
        var password = System.Text.Encoding.ASCII.GetString(bytes, 0, 20);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await users.FindByNameAsync("admin");
        Assert.NotNull(admin);
        Assert.True(await users.CheckPasswordAsync(admin, password));
        Assert.Single(users.Users);
    }

    [Fact]
    public async Task Every_console_page_redirects_to_sign_in_and_there_is_no_registration()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var path in new[] { "/", "/secrets", "/smtp-relays/create", "/traffic-policies", "/rule-sets", "/ingress-endpoints", "/message-log" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/Account/Login", response.Headers.Location!.ToString());
        }
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/Account/Register")).StatusCode);
    }

    [Fact]
    public async Task The_console_assets_from_the_top_level_wwwroot_are_served()
    {
        var client = _app.CreateClient();

        var css = await client.GetAsync("/app.css");
        var logo = await client.GetAsync("/logo.svg");

        Assert.True(css.IsSuccessStatusCode);
        Assert.Contains(".account-page", await css.Content.ReadAsStringAsync());
        Assert.Equal("image/svg+xml", logo.Content.Headers.ContentType?.MediaType);
    }
}
