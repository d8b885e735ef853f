using System.Net;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Core.VerdictLog;
using MailManager.Data.VerdictLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Data.Tests.VerdictLog;

/// <summary>The verdict log's own SQLite file: the writer's batches and queue, the retention purge, the console's filters.</summary>
public sealed class VerdictLogStoreTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    private static readonly TrafficPolicy Policy = new()
    {
        TrafficPolicyId = "tp-1",
        TrafficPolicyName = "inbound",
        DefaultAction = AcceptAction.Allow,
        PolicyStatements =
        [
            new()
            {
                Action = AcceptAction.Deny,
                Conditions = [new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@blocked.example"] } }],
            },
        ],
    };

    private static readonly CompiledTrafficPolicy Compiled = CompiledTrafficPolicy.Compile(Policy.DefaultAction, Policy.PolicyStatements, _ => null);

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private readonly CollectingLogger _log = new();

    private VerdictLogWriter Writer(VerdictLogOptions? options = null) => new(
        _storage.Get<IDbContextFactory<VerdictLogDbContext>>(), Options.Create(options ?? new VerdictLogOptions()), _storage.Clock, _log);

    /// <summary>What the writer logged, so a test can say that nothing failed.</summary>
    private sealed class CollectingLogger : ILogger<VerdictLogWriter>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                Errors.Enqueue($"{formatter(state, exception)} {exception}");
            }
        }
    }

    private SessionTrace Trace(string sessionId, string endpointId = "inp-1", TimeSpan? age = null, string mailFrom = "sender@example.org", params string[] recipients)
    {
        var started = _storage.Clock.Now - (age ?? TimeSpan.Zero);
        return new SessionTrace
        {
            SessionId = sessionId,
            IngressPointId = endpointId,
            IngressPointName = endpointId + "-name",
            Policy = Policy,
            CompiledPolicy = Compiled,
            SourceIp = IPAddress.Parse("192.0.2.10"),
            HeloName = "mta.example",
            StartedTimestamp = started,
            EndedTimestamp = started.AddSeconds(1),
            Recipients = [.. recipients.Select(r =>
            {
                var facts = new RecipientFacts(r, IPAddress.Parse("192.0.2.10"), null);
                return new RecipientTrace(started, mailFrom, facts, Compiled.Evaluate(facts));
            })],
        };
    }

    private async Task<int> CountAsync()
    {
        await using var db = await _storage.Get<IDbContextFactory<VerdictLogDbContext>>().CreateDbContextAsync();
        return await db.Sessions.CountAsync();
    }

    [Fact]
    public async Task The_log_lives_in_its_own_file_beside_the_message_database()
    {
        Assert.True(File.Exists(Path.Combine(_storage.DataDirectory, "verdicts.db")));
        await using var db = await _storage.Get<IDbContextFactory<VerdictLogDbContext>>().CreateDbContextAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The verdict log's model has changes without a migration.");
    }

    [Fact]
    public async Task A_batch_is_stored_with_every_recipient_and_its_evaluation()
    {
        await Writer().WriteBatchAsync([Trace("s1", recipients: ["bob@blocked.example", "alice@example.com"]), Trace("s2", recipients: ["carol@example.com"])], default);

        var service = _storage.Get<VerdictLogService>();
        var page = await service.SearchAsync(new SessionLogQuery());
        Assert.Equal(2, page.TotalCount);
        var s1 = (await service.GetAsync(page.Items.Single(i => i.SessionId == "s1").Id))!;
        Assert.Equal(["bob@blocked.example", "alice@example.com"], s1.Recipients.Select(r => r.Address));
        Assert.Equal("Policy statement 1 (Deny)", VerdictText.Decision(s1.Recipients[0]));
        Assert.Equal("Recipient address Ends with @blocked.example: true", VerdictText.Condition(s1.Recipients[0].Evaluation.Single().Conditions.Single()));
        Assert.Equal("Default action (Allow)", VerdictText.Decision(s1.Recipients[1]));
        Assert.Equal("mta.example", s1.HeloName);
        Assert.Equal("bob@blocked.example: Policy statement 1 (Deny)",
            $"{page.Items.Single(i => i.SessionId == "s1").FirstRefusal!.Address}: {VerdictText.Decision(page.Items.Single(i => i.SessionId == "s1").FirstRefusal!)}");
        Assert.Null(page.Items.Single(i => i.SessionId == "s2").FirstRefusal);
    }

    [Fact]
    public async Task The_running_writer_stores_what_sessions_enqueue_in_batches_and_what_is_left_when_it_stops()
    {
        var writer = Writer();
        await writer.StartAsync(default);
        for (var i = 0; i < 1200; i++)
        {
            Assert.True(writer.TryEnqueue(Trace($"s{i}", recipients: ["a@example.com"])));
        }
        await writer.StopAsync(default);

        Assert.Empty(_log.Errors);
        Assert.Equal(1200, writer.WrittenCount);
        // At most MaxBatch sessions per transaction.
        Assert.InRange(writer.BatchCount, 1200 / VerdictLogWriter.MaxBatch + 1, 1200);
        Assert.Equal(1200, await CountAsync());
    }

    [Fact]
    public async Task A_full_queue_drops_and_counts_instead_of_waiting()
    {
        var writer = Writer(new VerdictLogOptions { QueueCapacity = 100 });

        var accepted = Enumerable.Range(0, 150).Count(i => writer.TryEnqueue(Trace($"s{i}")));

        Assert.Equal(100, accepted);
        Assert.Equal(50, writer.DroppedCount);
    }

    [Fact]
    public async Task The_purge_deletes_sessions_past_the_retention_in_bounded_batches_with_their_recipients()
    {
        var writer = Writer(new VerdictLogOptions { RetentionDays = 30, PurgeBatchSize = 2 });
        await writer.WriteBatchAsync(
        [
            Trace("old-1", age: TimeSpan.FromDays(40), recipients: ["a@example.com"]),
            Trace("old-2", age: TimeSpan.FromDays(31), recipients: ["a@example.com", "b@example.com"]),
            Trace("old-3", age: TimeSpan.FromDays(30.5)),
            Trace("recent", age: TimeSpan.FromDays(29), recipients: ["c@example.com"]),
            Trace("now", recipients: ["d@example.com"]),
        ], default);

        Assert.Equal(2, await writer.PurgeExpiredAsync(default));
        Assert.Equal(1, await writer.PurgeExpiredAsync(default));
        Assert.Equal(0, await writer.PurgeExpiredAsync(default));

        await using var db = await _storage.Get<IDbContextFactory<VerdictLogDbContext>>().CreateDbContextAsync();
        Assert.Equal(["now", "recent"], (await db.Sessions.Select(s => s.SessionId).ToListAsync()).Order());
        Assert.Equal(["c@example.com", "d@example.com"], (await db.Recipients.Select(r => r.Address).ToListAsync()).Order());
    }

    public static TheoryData<string, SessionLogQuery, string[]> Filters() => new()
    {
        { "everything, newest first", new SessionLogQuery(), ["s5", "s4", "s3", "s2", "s1"] },
        { "one endpoint", new SessionLogQuery { IngressPointId = "inp-2" }, ["s4", "s3"] },
        { "refused", new SessionLogQuery { Verdict = SessionVerdictFilter.Refused }, ["s4", "s2"] },
        { "accepted", new SessionLogQuery { Verdict = SessionVerdictFilter.Accepted }, ["s5", "s3", "s2"] },
        { "address part, any case", new SessionLogQuery { Address = "BLOCKED" }, ["s4", "s2"] },
        { "address prefix", new SessionLogQuery { Address = "carol@" }, ["s3"] },
        { "sender address", new SessionLogQuery { Address = "billing@vendor" }, ["s5"] },
        { "started in the last two hours", new SessionLogQuery { StartedFrom = Now.AddHours(-2) }, ["s5", "s4"] },
        { "started before", new SessionLogQuery { StartedBefore = Now.AddHours(-3.5) }, ["s2", "s1"] },
        { "combined", new SessionLogQuery { Verdict = SessionVerdictFilter.Refused, IngressPointId = "inp-1" }, ["s2"] },
    };

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task The_console_filters_sessions_in_sql(string name, SessionLogQuery query, string[] expected)
    {
        Assert.Equal(Now, _storage.Clock.Now);
        await Writer().WriteBatchAsync(
        [
            Trace("s1", "inp-1", TimeSpan.FromHours(5)),
            Trace("s2", "inp-1", TimeSpan.FromHours(4), recipients: ["bob@blocked.example", "alice@example.com"]),
            Trace("s3", "inp-2", TimeSpan.FromHours(3), recipients: ["carol@example.com"]),
            Trace("s4", "inp-2", TimeSpan.FromHours(1), recipients: ["dave@Blocked.example"]),
            Trace("s5", "inp-3", TimeSpan.Zero, "billing@vendor.example", "erin@example.com"),
        ], default);

        var page = await _storage.Get<VerdictLogService>().SearchAsync(query);

        Assert.True(expected.SequenceEqual(page.Items.Select(i => i.SessionId)), $"{name}: {string.Join(", ", page.Items.Select(i => i.SessionId))}");
        Assert.Equal(expected.Length, page.TotalCount);
    }

    [Fact]
    public async Task Pages_do_not_overlap_and_the_total_counts_every_match()
    {
        await Writer().WriteBatchAsync([.. Enumerable.Range(0, 7).Select(i => Trace($"s{i}", age: TimeSpan.FromMinutes(i)))], default);
        var service = _storage.Get<VerdictLogService>();

        var first = await service.SearchAsync(new SessionLogQuery { PageSize = 3 });
        var third = await service.SearchAsync(new SessionLogQuery { PageSize = 3, PageIndex = 2 });

        Assert.Equal(["s0", "s1", "s2"], first.Items.Select(i => i.SessionId));
        Assert.Equal(["s6"], third.Items.Select(i => i.SessionId));
        Assert.Equal(7, first.TotalCount);
    }

    [Theory]
    [InlineData("RetentionDays", "0", "MailManager:VerdictLog:RetentionDays must be between 1 and 3650 days.")]
    [InlineData("QueueCapacity", "5", "MailManager:VerdictLog:QueueCapacity must be between 100 and 1000000.")]
    [InlineData("PurgeInterval", "00:00:00", "MailManager:VerdictLog:PurgeInterval must be positive and at most one day.")]
    public void Invalid_options_fail_at_start_naming_the_full_key(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MailManager:DataDirectory"] = _storage.DataDirectory,
            [$"MailManager:VerdictLog:{key}"] = value,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddMailManagerStorage(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<VerdictLogOptions>>().Value);

        Assert.Contains(message, failure.Message);
    }
}
