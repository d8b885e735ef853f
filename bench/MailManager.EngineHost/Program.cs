// Hosts one open endpoint of the SMTP engine on 127.0.0.1:<port> with a sink that either discards the body
// ("discard": the engine's own cost) or writes it to a new file fsynced before the 250 ("fsync": the smallest
// durable store). Used by bench/smtp-engine.sh; runs until stopped. SIGHUP prints what the process allocated and
// collected since the previous SIGHUP, per message committed.
using System.Net;
using System.Runtime.InteropServices;

using MailManager.Smtp;

using Microsoft.Extensions.Options;

if (args.Length != 2 || !int.TryParse(args[0], out int port) || args[1] is not ("discard" or "fsync"))
{
    Console.Error.WriteLine("usage: MailManager.EngineHost <port> discard|fsync");
    return 2;
}

string spool = Path.Combine(Path.GetTempPath(), $"mm-engine-{Environment.ProcessId}");
Directory.CreateDirectory(spool);
await using SmtpListenerManager manager = new(Options.Create(new SmtpServerOptions { ServerName = "engine.bench" }));
BenchHandler handler = new(args[1] == "fsync" ? spool : null);
SmtpListenerStartResult result = await manager.StartListenerAsync(
    new SmtpEndpoint { EndpointId = "inp-enginebench000000000000", EndPoint = new IPEndPoint(IPAddress.Loopback, port), AuthMode = SmtpAuthMode.Open },
    handler);
if (!result.Succeeded)
{
    Console.Error.WriteLine(result.Message);
    return 1;
}

Console.WriteLine($"engine listening on {result.BoundEndPoint}");
TaskCompletionSource stop = new();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
(long Bytes, long Messages, int Gen0, int Gen1, int Gen2, TimeSpan Pause) last = (GC.GetTotalAllocatedBytes(), 0, 0, 0, 0, TimeSpan.Zero);
using PosixSignalRegistration report = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
{
    context.Cancel = true;
    (long, long, int, int, int, TimeSpan) now = (GC.GetTotalAllocatedBytes(), handler.Committed, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    long messages = Math.Max(1, now.Item2 - last.Messages);
    Console.WriteLine($"allocated {(now.Item1 - last.Bytes) / messages} B/message over {now.Item2 - last.Messages} messages; " +
        $"collections gen0 {now.Item3 - last.Gen0}, gen1 {now.Item4 - last.Gen1}, gen2 {now.Item5 - last.Gen2}; GC pause {(now.Item6 - last.Pause).TotalMilliseconds:F0} ms");
    last = now;
});
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
Directory.Delete(spool, recursive: true);
return 0;

internal sealed class BenchHandler(string? spool) : ISmtpEndpointHandler
{
    private long _count;
    private long _committed;

    public long Committed => Interlocked.Read(ref _committed);

    public ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken) => ValueTask.FromResult(SmtpSessionPolicy.AcceptAll);

    public ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken) => ValueTask.FromResult(false);

    public ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _count);
        return ValueTask.FromResult<ISmtpMessageSink>(spool is null ? new DiscardSink(this, id) : new FileSink(this, Path.Combine(spool, $"{id}.eml"), id));
    }

    private sealed class DiscardSink(BenchHandler owner, long id) : ISmtpMessageSink
    {
        public Stream Content => Stream.Null;

        public ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._committed);
            return ValueTask.FromResult($"q{id}");
        }

        public ValueTask DiscardAsync() => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FileSink(BenchHandler owner, string path, long id) : ISmtpMessageSink
    {
        private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, FileOptions.Asynchronous);

        public Stream Content => _file;

        public async ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            await _file.FlushAsync(cancellationToken);
            _file.Flush(flushToDisk: true);
            Interlocked.Increment(ref owner._committed);
            return $"q{id}";
        }

        public ValueTask DiscardAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            File.Delete(path);
        }
    }
}
