using System.Net;

using Microsoft.AspNetCore.Connections;

namespace MailManager.Smtp.Internal;

/// <summary>The client's IP as the engine reports and counts it.</summary>
internal static class ClientAddress
{
    /// <summary>
    /// The remote address, with IPv4-mapped IPv6 (from a dual-mode socket) turned back into IPv4 so that limits,
    /// logs and the <c>Received:</c> header see one client as one address.
    /// </summary>
    public static IPAddress Of(ConnectionContext connection)
    {
        IPAddress address = (connection.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.None;
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }
}
