using System.Collections.Concurrent;
using MailManager.Core.Relays;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Delivery.Notifications;

namespace MailManager.Delivery.Actions;

/// <summary>
/// Relays and secrets looked up once and kept until the configuration version moves (any relay or secret saved or
/// deleted), shared by the attempts meanwhile: they are few, and a lookup per attempt cost as much as its bookkeeping.
/// A failed lookup fails the attempts that share it, as a lookup of their own would have, and makes the next round
/// look up again.
/// </summary>
public sealed class ActionLookups(long version, RelayService relays, SecretService secrets, CancellationToken ct)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Relay?>>> _relays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<string, string>?>>> _secrets = new(StringComparer.Ordinal);

    public long Version { get; } = version;

    public bool HasFailed =>
        _relays.Values.Any(l => l.IsValueCreated && l.Value.IsFaulted) || _secrets.Values.Any(l => l.IsValueCreated && l.Value.IsFaulted);

    /// <summary>The relay by ID, or by name when no ID matches (the notification relay is configured by name).</summary>
    public Task<Relay?> RelayAsync(string relayIdOrName) =>
        _relays.GetOrAdd(relayIdOrName, id => new Lazy<Task<Relay?>>(() => FindRelayAsync(id))).Value;

    public Task<IReadOnlyDictionary<string, string>?> SecretValuesAsync(string secretId) =>
        _secrets.GetOrAdd(secretId, id => new Lazy<Task<IReadOnlyDictionary<string, string>?>>(() => secrets.ReadValuesAsync(id, ct))).Value;

    private async Task<Relay?> FindRelayAsync(string relayIdOrName) =>
        await relays.GetAsync(relayIdOrName, ct) ?? NotificationRelay.Resolve(relayIdOrName, await relays.ListAsync(ct)).Relay;
}
