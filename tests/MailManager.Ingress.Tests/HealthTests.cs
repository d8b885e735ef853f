using System.Net;
using System.Net.Sockets;
using MailManager.Core.IngressPoints;

namespace MailManager.Ingress.Tests;

/// <summary>
/// /healthz and /readyz as a monitor or a load balancer sees them: anonymous, a bare status word, 200 or 503,
/// and readiness that follows the listeners.
/// </summary>
public sealed class HealthTests : GatewayTest
{
    [Fact]
    public async Task Both_answer_healthy_without_signing_in_and_without_details()
    {
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open });
        await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        foreach (var path in new[] { "/healthz", "/readyz" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task An_endpoint_whose_port_is_taken_makes_the_gateway_not_ready_but_still_alive_until_it_is_closed()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var id = await App.CreateEndpointAsync(new IngressPointDraft { Type = IngressPointType.Open, Ports = IngressPortDraft.Of(port) });
        await App.WaitForStatusAsync(id, IngressPointStatus.Failed);
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });

        using (var ready = await client.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            // Which endpoint and why is for a signed-in administrator, not for whoever can reach the port.
            Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        }

        using (var alive = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        // An endpoint the administrator closed is not expected to listen.
        var closed = await App.Get<MailManager.Data.IngressPoints.IngressPointService>().UpdateGeneralAsync(id, IngressPointStatusToUpdate.Closed, TlsPolicy.Optional);
        Assert.True(closed.Succeeded, closed.Errors.ToString());
        await App.WaitForStatusAsync(id, IngressPointStatus.Closed);
        using var readyAgain = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, readyAgain.StatusCode);
    }
}
