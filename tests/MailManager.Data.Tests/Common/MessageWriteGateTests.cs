using MailManager.Data.Common;

namespace MailManager.Data.Tests.Common;

public sealed class MessageWriteGateTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private MessageWriteGate Gate => _storage.Get<SqliteConnections>().WriteGate;

    [Fact]
    public async Task An_acceptance_commit_waiting_goes_before_delivery_work_that_waited_longer()
    {
        var order = new List<string>();
        var first = await Gate.EnterAsync(urgent: false, default);
        var claim = Take("claim", urgent: false);
        var record = Take("record", urgent: false);
        var commit = Take("commit", urgent: true);

        first.Dispose();
        await Task.WhenAll(claim, record, commit);

        Assert.Equal(["commit", "claim", "record"], order);

        async Task Take(string name, bool urgent)
        {
            using var held = await Gate.EnterAsync(urgent, default);
            lock (order)
            {
                order.Add(name);
            }
        }
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped_and_the_gate_passes_to_the_next()
    {
        var first = await Gate.EnterAsync(urgent: false, default);
        using var cancel = new CancellationTokenSource();
        var cancelled = Gate.EnterAsync(urgent: true, cancel.Token).AsTask();
        var next = Gate.EnterAsync(urgent: false, default).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        first.Dispose();

        using var held = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(Gate.EnterAsync(urgent: true, default).IsCompleted);
    }

    [Fact]
    public async Task Holders_share_one_kept_connection_and_a_discarded_one_is_replaced()
    {
        Microsoft.Data.Sqlite.SqliteConnection kept;
        using (var held = await Gate.EnterAsync(urgent: true, default))
        {
            kept = held.Connection;
        }
        using (var held = await Gate.EnterAsync(urgent: false, default))
        {
            Assert.Same(kept, held.Connection);
            held.Discard();
        }
        using (var held = await Gate.EnterAsync(urgent: false, default))
        {
            Assert.NotSame(kept, held.Connection);
            await using var command = held.Connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM Messages";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }
    }
}
