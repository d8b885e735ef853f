using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.IngressPoints;
using MimeKit;

namespace MailManager.Ingress.Tests;

public sealed class RestartTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Active_endpoints_come_back_active_after_a_restart_and_closed_ones_stay_closed()
    {
        string activeId, closedId;
        int port;
        await using (var first = new GatewayApp(_folder.Path))
        {
            activeId = await first.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open });
            closedId = await first.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open });
            port = (await first.WaitForStatusAsync(activeId, IngressPointStatus.Active)).Ports[0];
            await first.WaitForStatusAsync(closedId, IngressPointStatus.Active);
            await first.Get<Data.IngressPoints.IngressPointService>().UpdateGeneralAsync(closedId, IngressPointStatusToUpdate.Closed, TlsPolicy.Optional);
            await first.WaitForStatusAsync(closedId, IngressPointStatus.Closed);
        }

        await using var second = new GatewayApp(_folder.Path);
        _ = second.Services;
        await second.WaitForStatusAsync(activeId, IngressPointStatus.Active);
        Assert.Equal(IngressPointStatus.Closed, (await second.WaitForStatusAsync(closedId, IngressPointStatus.Closed)).Status);

        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, _, _, _) => true };
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.StartTls);
        var message = new MimeMessage { Subject = "after restart", Body = new TextPart("plain") { Text = "still here" } };
        message.From.Add(MailboxAddress.Parse("a@example.org"));
        message.To.Add(MailboxAddress.Parse("b@example.com"));
        Assert.Contains("Ok: queued as", await client.SendAsync(message));
    }
}
