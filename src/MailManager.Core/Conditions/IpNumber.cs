using System.Net;
using System.Net.Sockets;

namespace MailManager.Core.Conditions;

/// <summary>
/// An IP address as a number, computed once per recipient so that every CIDR condition is a comparison of integers.
/// IPv4-mapped IPv6 addresses (<c>::ffff:a.b.c.d</c>, how a dual-stack listener sees IPv4 senders) count as IPv4.
/// </summary>
public readonly record struct IpNumber(UInt128 Value, AddressFamily Family)
{
    public static IpNumber From(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        UInt128 value = 0;
        for (int i = 0; i < written; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return new IpNumber(value, address.AddressFamily);
    }
}
