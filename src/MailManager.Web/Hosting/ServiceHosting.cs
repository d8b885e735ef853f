using MailManager.Smtp;
using Microsoft.Extensions.Options;

namespace MailManager.Web.Hosting;

/// <summary>How the process behaves as a system service (deploy/mailmanager.service).</summary>
public static class ServiceHosting
{
    /// <summary>Time the host gives its services to stop beyond the SMTP drain: delivery attempts and commits in flight.</summary>
    public static readonly TimeSpan StopMarginAfterDrain = TimeSpan.FromSeconds(25);

    public static IServiceCollection AddMailManagerServiceHosting(this IServiceCollection services)
    {
        // Under systemd (Type=notify): readiness and stopping are reported, logs go to the journal without colours.
        // Elsewhere this does nothing.
        services.AddSystemd();

        // SIGTERM: listeners stop accepting, idle sessions get 421 4.3.2, sessions inside DATA finish within the drain
        // timeout, and then the message processor and the commit queue stop; the host must wait for all of that.
        services.AddOptions<HostOptions>().Configure<IOptions<SmtpServerOptions>>((host, smtp) =>
            host.ShutdownTimeout = smtp.Value.DrainTimeout + StopMarginAfterDrain);
        return services;
    }
}
