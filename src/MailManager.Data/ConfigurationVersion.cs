namespace MailManager.Data;

/// <summary>
/// A number that moves whenever an ingress endpoint, traffic policy, rule set, relay, secret or address list (its members too) is saved, so
/// hot paths (every SMTP session) can keep what they read until it changes instead of querying each time.
/// </summary>
public sealed class ConfigurationVersion
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public void Bump() => Interlocked.Increment(ref _value);
}
