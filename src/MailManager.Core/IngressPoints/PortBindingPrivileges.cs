using System.Globalization;

namespace MailManager.Core.IngressPoints;

/// <summary>
/// Whether this process may listen on a port such as 25 or 587. On Linux a port below
/// <see cref="UnprivilegedPortStart"/> (the sysctl <c>net.ipv4.ip_unprivileged_port_start</c>, 1024 by default) needs
/// CAP_NET_BIND_SERVICE, which root holds unless it was dropped (a container started with <c>--cap-drop</c>, a
/// systemd unit's CapabilityBoundingSet). The host reads the facts (<c>/proc/self/status</c>, the sysctl) and passes
/// them in, so that this rule is the only place deciding, and it is tested without root.
/// </summary>
/// <param name="IsRoot">The effective user ID is 0.</param>
/// <param name="EffectiveCapabilities">The <c>CapEff</c> bit mask, or null when it could not be read.</param>
/// <param name="UnprivilegedPortStart">The lowest port anyone may bind.</param>
public sealed record PortBindingPrivileges(bool IsRoot, ulong? EffectiveCapabilities, int UnprivilegedPortStart)
{
    /// <summary>The bit of CAP_NET_BIND_SERVICE in the capability masks (linux/capability.h).</summary>
    public const int CapNetBindService = 10;

    /// <summary>The kernel's default for <c>net.ipv4.ip_unprivileged_port_start</c>, and what older kernels without it enforce.</summary>
    public const int DefaultUnprivilegedPortStart = 1024;

    /// <summary>Hosts without privileged ports: Windows, and macOS since 10.14.</summary>
    public static PortBindingPrivileges Unrestricted { get; } = new(false, null, 0);

    /// <summary>
    /// Holds CAP_NET_BIND_SERVICE. The capability mask decides when known, because root without the capability
    /// cannot bind 25 either; being root is trusted only when the mask could not be read.
    /// </summary>
    public bool HasNetBindService => EffectiveCapabilities is { } capabilities
        ? (capabilities & (1UL << CapNetBindService)) != 0
        : IsRoot;

    public bool CanBind(int port) => port >= UnprivilegedPortStart || HasNetBindService;

    /// <summary>
    /// The facts as Linux shows them: the text of <c>/proc/self/status</c> (its <c>Uid:</c> and <c>CapEff:</c> lines)
    /// and of <c>/proc/sys/net/ipv4/ip_unprivileged_port_start</c>; null for a file that could not be read.
    /// </summary>
    public static PortBindingPrivileges FromLinux(string? procSelfStatus, string? unprivilegedPortStart)
    {
        bool isRoot = false;
        ulong? capabilities = null;
        foreach (var line in (procSelfStatus ?? "").Split('\n'))
        {
            var (name, value) = line.IndexOf(':') is var colon and > 0 ? (line[..colon], line[(colon + 1)..].Trim()) : ("", "");
            if (name == "Uid")
            {
                // real, effective, saved, filesystem: binding is decided by the effective one.
                var ids = value.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
                isRoot = ids.Length > 1 && ids[1] == "0";
            }
            else if (name == "CapEff" && ulong.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                capabilities = mask;
            }
        }
        var start = int.TryParse(unprivilegedPortStart?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : DefaultUnprivilegedPortStart;
        return new PortBindingPrivileges(isRoot, capabilities, start);
    }
}
