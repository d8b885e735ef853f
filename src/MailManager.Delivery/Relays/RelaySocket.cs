using System.Net.Sockets;

namespace MailManager.Delivery.Relays;

/// <summary>
/// Opens the TCP connection to a relay's server for MailKit. MailKit leaves Nagle's algorithm on; the last
/// small segment of a message (the final ".") then waits for the server's delayed ACK, up to 40 ms per message,
/// which is what held 20 KB deliveries back. Commands and data are written in whole buffers, so NoDelay costs
/// no extra packets.
/// </summary>
internal static class RelaySocket
{
    public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        // Dual mode: reaches IPv4 and IPv6 addresses of the name alike.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
