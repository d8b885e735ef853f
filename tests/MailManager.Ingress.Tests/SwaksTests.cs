using System.Diagnostics;
using MailManager.Core.IngressPoints;

namespace MailManager.Ingress.Tests;

/// <summary>The issue's acceptance line, with Debian's swaks as the sender (test.sh installs it).</summary>
public sealed class SwaksTests : GatewayTest
{
    private const string Password = "Swaks-Passw0rd!";

    [Fact]
    public async Task Swaks_with_tls_and_auth_login_as_the_endpoint_id_is_accepted_and_a_wrong_password_gets_535()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Auth, SmtpPassword = Password });
        var endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);

        var accepted = await SwaksAsync(endpoint.Ports[0], id, Password);
        Assert.True(accepted.ExitCode == 0, accepted.Output);
        Assert.Contains("<~  334 VXNlcm5hbWU6", accepted.Output);
        Assert.Contains("<~  334 UGFzc3dvcmQ6", accepted.Output);
        Assert.Contains("<~  235 2.7.0 Authentication successful", accepted.Output);
        Assert.Matches(@"<~  250 2\.0\.0 Ok: queued as msg-[a-z0-9]{26}", accepted.Output);

        var refused = await SwaksAsync(endpoint.Ports[0], id, "Not-The-Passw0rd");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("<~* 535 5.7.8", refused.Output);
    }

    private static async Task<(int ExitCode, string Output)> SwaksAsync(int port, string user, string password)
    {
        var start = new ProcessStartInfo("swaks")
        {
            ArgumentList =
            {
                "--server", $"127.0.0.1:{port}", "--tls", "--auth", "LOGIN",
                "--auth-user", user, "--auth-password", password,
                "--to", "someone@example.com", "--from", "sender@example.org", "--timeout", "20",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await output + await error);
    }
}
