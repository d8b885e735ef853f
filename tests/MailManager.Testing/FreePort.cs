using System.Net;
using System.Net.Sockets;

namespace MailManager.Testing;

public static class FreePort
{
    // Ports handed out before, in this test run. The OS can hand a released port out again at once, and tests
    // run in parallel: one test's "downstream is down" port must never become another test's endpoint.
    private static readonly HashSet<int> Given = [];

    /// <summary>A loopback port the OS just handed out, never the same one twice in a test run.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
