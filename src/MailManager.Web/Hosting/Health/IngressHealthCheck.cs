using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MailManager.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailManager.Web.Hosting.Health;

/// <summary>
/// Ready when every endpoint an administrator has not closed is Active with its listener bound: one still
/// provisioning, updating or failed (a port taken by another program, say) means mail is refused there.
/// </summary>
internal sealed class IngressHealthCheck(IngressPointService endpoints, SmtpListenerManager listeners) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        List<string> notListening = [];
        int active = 0;
        foreach (var endpoint in await endpoints.ListAsync(cancellationToken))
        {
            if (endpoint.Status is IngressPointStatus.Closed)
            {
                continue;
            }

            if (endpoint.Status is IngressPointStatus.Active && listeners.IsListening(endpoint.IngressPointId))
            {
                active++;
                continue;
            }

            notListening.Add($"{endpoint.IngressPointId} ({endpoint.Status})");
        }

        return notListening.Count == 0
            ? HealthCheckResult.Healthy($"{active} endpoint(s) listening.")
            : HealthCheckResult.Unhealthy($"Not listening: {string.Join(", ", notListening)}.");
    }
}
