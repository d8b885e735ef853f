using System.Net;

namespace MailManager.Smtp.Internal;

/// <summary>Counts open sessions per client IP across all endpoints of one manager, so one host cannot take every slot.</summary>
internal sealed class ClientIpLimiter(int maxPerAddress)
{
    private readonly Dictionary<IPAddress, int> _counts = [];
    private readonly Lock _lock = new();

    public bool TryAcquire(IPAddress address)
    {
        lock (_lock)
        {
            _counts.TryGetValue(address, out int count);
            if (count >= maxPerAddress)
            {
                return false;
            }

            _counts[address] = count + 1;
            return true;
        }
    }

    public void Release(IPAddress address)
    {
        lock (_lock)
        {
            if (_counts.TryGetValue(address, out int count))
            {
                if (count <= 1)
                {
                    _counts.Remove(address);
                }
                else
                {
                    _counts[address] = count - 1;
                }
            }
        }
    }
}
