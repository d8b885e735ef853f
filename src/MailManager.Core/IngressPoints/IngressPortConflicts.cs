using System.Net;
using System.Net.Sockets;
using MailManager.Core.Common;

namespace MailManager.Core.IngressPoints;

/// <summary>
/// Whether an endpoint may listen on (bind address, port) while other endpoints listen where they do. Two listeners
/// on the same port collide when their addresses are equal or when one address is a wildcard covering the other:
/// 0.0.0.0 covers every IPv4 address and :: every IPv4 and IPv6 address (the engine opens :: dual-stack). The
/// operating system would refuse the second bind ("address in use"), so the console refuses it first and names
/// the endpoint in the way. Different addresses on the same port (two IPs of one host, both on 25) are fine.
/// </summary>
public static class IngressPortConflicts
{
    /// <summary>Whether listeners on <paramref name="a"/> and <paramref name="b"/> (same port) cannot both bind.</summary>
    public static bool Overlap(IPAddress a, IPAddress b)
    {
        a = Normalize(a);
        b = Normalize(b);
        return a.Equals(b) || Covers(a, b) || Covers(b, a);
    }

    /// <summary>
    /// Why <paramref name="port"/> on <paramref name="bindAddress"/> is taken by one of <paramref name="others"/>
    /// (a sentence naming it), or null. <paramref name="exceptId"/> is the endpoint being edited, which may keep its own ports.
    /// </summary>
    public static string? Check(string bindAddress, int port, IEnumerable<IngressPoint> others, string? exceptId = null)
    {
        if (!IPAddress.TryParse(bindAddress.Trim(), out var address))
        {
            return null;
        }
        foreach (var other in others)
        {
            if (other.IngressPointId == exceptId || !other.Ports.Contains(port) || !IPAddress.TryParse(other.BindAddress, out var otherAddress)
                || !Overlap(address, otherAddress))
            {
                continue;
            }
            var name = $"ingress endpoint '{other.IngressPointName}'";
            // Deleted endpoints keep their port until the listener has drained and the row is gone.
            var leaving = other.Status == IngressPointStatus.Deprovisioning ? " It is being deleted; try again once it is gone." : "";
            var (mine, theirs) = (Normalize(address), Normalize(otherAddress));
            if (mine.Equals(theirs))
            {
                return $"Port {port} on {mine} is already used by {name}.{leaving}";
            }
            return Covers(theirs, mine)
                ? $"Port {port} is already used by {name} on {theirs}, which listens on {Scope(theirs)}, {mine} included: binding it again would fail.{leaving}"
                : $"Port {port} is already used by {name} on {theirs}: {mine} listens on {Scope(mine)}, {theirs} included, so binding it would fail.{leaving}";
        }
        return null;
    }

    /// <summary>Every port of the draft that another endpoint already uses, as a message on that port's field.</summary>
    public static ValidationErrors CheckAll(IIngressNetworkDraft draft, IEnumerable<IngressPoint> others, string? exceptId = null)
    {
        var errors = new ValidationErrors();
        var existing = others as IReadOnlyCollection<IngressPoint> ?? others.ToList();
        for (var i = 0; i < draft.Ports.Count; i++)
        {
            if (draft.Ports[i].Port is { } port && Check(draft.BindAddress, port, existing, exceptId) is { } conflict)
            {
                errors.Add(IngressPointValidator.PortField(i), conflict);
            }
        }
        return errors;
    }

    private static bool Covers(IPAddress wildcard, IPAddress address) =>
        wildcard.Equals(IPAddress.IPv6Any)
        || (wildcard.Equals(IPAddress.Any) && address.AddressFamily == AddressFamily.InterNetwork);

    private static string Scope(IPAddress wildcard) =>
        wildcard.Equals(IPAddress.IPv6Any) ? "every IPv4 and IPv6 address of this host" : "every IPv4 address of this host";

    // ::ffff:127.0.0.1 is 127.0.0.1 to the kernel.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
