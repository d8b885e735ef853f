using System.Collections.Concurrent;
using MailManager.Api.Signing;

namespace MailManager.Api.Tests.Signing;

/// <summary>The access key store as a dictionary, noting every look-up and every recorded use.</summary>
public sealed class InMemoryAccessKeyStore(params ApiAccessKeySecret[] keys) : IApiAccessKeyStore
{
    private readonly ConcurrentDictionary<string, ApiAccessKeySecret> _keys = new(keys.ToDictionary(k => k.AccessKeyId));

    public ConcurrentQueue<string> Lookups { get; } = new();

    public ConcurrentQueue<string> Uses { get; } = new();

    public void Put(ApiAccessKeySecret key) => _keys[key.AccessKeyId] = key;

    public void Remove(string accessKeyId) => _keys.TryRemove(accessKeyId, out _);

    public Task<ApiAccessKeySecret?> FindAsync(string accessKeyId, CancellationToken ct)
    {
        Lookups.Enqueue(accessKeyId);
        return Task.FromResult(_keys.GetValueOrDefault(accessKeyId));
    }

    public Task RecordUseAsync(string accessKeyId, CancellationToken ct)
    {
        Uses.Enqueue(accessKeyId);
        return Task.CompletedTask;
    }
}

/// <summary>A clock the test sets by hand, so a signed date can be made stale or a throttle run out.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
