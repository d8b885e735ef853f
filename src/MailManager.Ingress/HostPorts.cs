using System.Net;
using System.Net.Sockets;
using MailManager.Core.IngressPoints;

namespace MailManager.Ingress;

/// <summary>
/// What this host says about its ports: whether the process may bind privileged ones, and whether a port is free right
/// now. The one place that reads the facts; the console's proposals are built on it, and tests pass their own facts.
/// </summary>
public sealed class HostPorts(PortBindingPrivileges privileges, Func<IPAddress, int, bool> isFree)
{
    public PortBindingPrivileges Privileges { get; } = privileges;

    /// <summary>Nothing on this host listens on <paramref name="port"/> at <paramref name="address"/> (an endpoint of ours counts).</summary>
    public bool IsFree(IPAddress address, int port) => isFree(address, port);

    /// <summary>This process and host: /proc on Linux, read once; a probe that binds and releases the port.</summary>
    public static HostPorts ForThisProcess() => new(ReadPrivileges(), Probe);

    private static PortBindingPrivileges ReadPrivileges()
    {
        if (!OperatingSystem.IsLinux())
        {
            return PortBindingPrivileges.Unrestricted;
        }
        return PortBindingPrivileges.FromLinux(
            ReadOrNull("/proc/self/status"), ReadOrNull("/proc/sys/net/ipv4/ip_unprivileged_port_start"));
    }

    // A kernel without the sysctl (before 4.11), or a /proc hidden from the process: the rule falls back to its defaults.
    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Probe(IPAddress address, int port)
    {
        try
        {
            using var probe = new TcpListener(address, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
