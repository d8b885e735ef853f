using System.Text.RegularExpressions;
using MailManager.Smtp;
using MailManager.Web.Hosting;

namespace MailManager.E2E;

/// <summary>deploy/mailmanager.service as systemd reads it, and as the app's own stop timeouts need it.</summary>
public sealed partial class ServiceUnitTests
{
    [Fact]
    public async Task Systemd_accepts_the_unit_without_a_warning()
    {
        ExternalProcess.Result verify = await ExternalProcess.RunAsync("systemd-analyze", ["verify", ServiceUnit.FilePath], TimeSpan.FromSeconds(60));

        Assert.True(verify.ExitCode == 0 && verify.All.Trim().Length == 0, $"systemd-analyze verify:\n{verify.All}");
    }

    [Fact]
    public void The_unit_runs_unprivileged_on_ports_25_and_587_hardened_and_waits_for_the_drain()
    {
        string unit = File.ReadAllText(ServiceUnit.FilePath);

        foreach (string directive in new[]
        {
            "User=mailmanager", "WorkingDirectory=/var/lib/mailmanager", "StateDirectory=mailmanager",
            "AmbientCapabilities=CAP_NET_BIND_SERVICE", "NoNewPrivileges=true", "ProtectSystem=strict",
            "ReadWritePaths=/var/lib/mailmanager", "PrivateTmp=true", "Restart=on-failure", "KillSignal=SIGTERM",
        })
        {
            Assert.Contains("\n" + directive + "\n", unit);
        }

        Assert.Equal("/var/lib/mailmanager", ServiceUnit.Environment()["MailManager__DataDirectory"]);
        // systemd must not kill the process while it drains SMTP sessions and the host stops its services.
        TimeSpan stop = TimeSpan.FromSeconds(int.Parse(StopTimeout().Match(unit).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(stop > new SmtpServerOptions().DrainTimeout + ServiceHosting.StopMarginAfterDrain, $"TimeoutStopSec {stop} is shorter than the app's own stop.");
    }

    [GeneratedRegex(@"\nTimeoutStopSec=(\d+)s\n")]
    private static partial Regex StopTimeout();
}
