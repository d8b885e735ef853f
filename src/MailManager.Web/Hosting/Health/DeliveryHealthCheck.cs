using MailManager.Delivery.Processing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailManager.Web.Hosting.Health;

/// <summary>Ready while the message processor, which runs rule-set actions and relays mail, is running.</summary>
internal sealed class DeliveryHealthCheck(MessageProcessor processor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(processor.ExecuteTask switch
        {
            null => HealthCheckResult.Unhealthy("The message processor has not started."),
            { IsCompleted: true } => HealthCheckResult.Unhealthy("The message processor has stopped."),
            _ => HealthCheckResult.Healthy("The message processor is running."),
        });
}
