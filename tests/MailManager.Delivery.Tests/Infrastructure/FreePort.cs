using System.Net;
using System.Net.Sockets;

namespace MailManager.Delivery.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A loopback port the OS just handed out and nothing listens on now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
