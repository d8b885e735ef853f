namespace MailManager.Api.Signing;

/// <summary>
/// Counts requests whose signature failed, per access key id, and refuses that key for a while once there are too many
/// in a short time: guessing a secret, or burning the server's CPU on HMACs, gets slow. Only keys that exist are
/// counted (the caller looks the key up first), so the table stays as small as the key list.
/// </summary>
public sealed class SignatureFailureThrottle
{
    /// <summary>Failed signatures for one key within <see cref="Window"/> that start a refusal.</summary>
    public const int MaxFailures = 20;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How long every request with the key is refused once <see cref="MaxFailures"/> is reached.</summary>
    public static readonly TimeSpan RefusalPeriod = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>Whether requests signed with the key are being refused at <paramref name="now"/>.</summary>
    public bool IsRefused(string accessKeyId, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _failures.TryGetValue(accessKeyId, out var failures) && failures.RefusedUntil > now;
        }
    }

    /// <summary>Notes one failed signature for the key.</summary>
    public void RecordFailure(string accessKeyId, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(accessKeyId, out var failures) || now - failures.WindowStart > Window)
            {
                ForgetQuietKeys(now);
                failures = new Failures { WindowStart = now, RefusedUntil = failures?.RefusedUntil ?? DateTimeOffset.MinValue };
                _failures[accessKeyId] = failures;
            }

            failures.Count++;
            if (failures.Count >= MaxFailures)
            {
                failures.RefusedUntil = now + RefusalPeriod;
            }
        }
    }

    // Keys whose window and refusal are over count as if they never failed: their entries go, so deleted keys do not linger.
    private void ForgetQuietKeys(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (now - failures.WindowStart > Window && failures.RefusedUntil <= now)
            {
                _failures.Remove(key);
            }
        }
    }

    /// <summary>How many keys have failures on record (for tests: the table must not grow without end).</summary>
    internal int TrackedKeys
    {
        get
        {
            lock (_lock)
            {
                return _failures.Count;
            }
        }
    }

    private sealed class Failures
    {
        public DateTimeOffset WindowStart { get; init; }

        public int Count { get; set; }

        public DateTimeOffset RefusedUntil { get; set; }
    }
}
