using System.Collections.Concurrent;
using System.Threading.Channels;

namespace MailManager.Smtp.Tests.Infrastructure;

/// <summary>
/// A host handler for tests: SES-style credentials (username = endpoint id), a configurable policy, and a sink that
/// streams each message to a temp file and records what was committed or discarded.
/// </summary>
public sealed class RecordingHandler : ISmtpEndpointHandler
{
    private readonly Channel<ReceivedMessage> _messages = Channel.CreateUnbounded<ReceivedMessage>();
    private int _queueCounter;
    private int _discards;

    public string Password { get; set; } = "s3cret-Passw0rd";

    public Func<SmtpSessionInfo, SmtpSessionPolicy> Policy { get; set; } = _ => SmtpSessionPolicy.AcceptAll;

    public bool FailOpenSession { get; set; }

    public bool FailOpenMessage { get; set; }

    public bool FailCommit { get; set; }

    public bool FailWrites { get; set; }

    public ConcurrentQueue<ReceivedMessage> Committed { get; } = new();

    public int Discards => Volatile.Read(ref _discards);

    public ConcurrentQueue<string> AuthAttempts { get; } = new();

    public ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken)
    {
        if (FailOpenSession)
        {
            throw new InvalidOperationException("policy store down");
        }

        return ValueTask.FromResult(Policy(session));
    }

    public ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken)
    {
        AuthAttempts.Enqueue($"{username}:{password}");
        return ValueTask.FromResult(username == endpointId && password == Password);
    }

    public ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken)
    {
        if (FailOpenMessage)
        {
            throw new IOException("spool full");
        }

        return ValueTask.FromResult<ISmtpMessageSink>(new TempFileSink(this));
    }

    /// <summary>Waits for the next committed message.</summary>
    public async Task<ReceivedMessage> NextMessageAsync() => await Wait.WithTimeout(_messages.Reader.ReadAsync().AsTask());

    private sealed class TempFileSink : ISmtpMessageSink
    {
        private readonly RecordingHandler _owner;
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"smtp-test-{Guid.NewGuid():N}.eml");
        private readonly FileStream _file;
        private bool _settled;

        public TempFileSink(RecordingHandler owner)
        {
            _owner = owner;
            _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.Asynchronous);
            Content = owner.FailWrites ? new FailingStream() : _file;
        }

        public Stream Content { get; }

        public async ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            Assert.False(_settled);
            if (_owner.FailCommit)
            {
                throw new IOException("disk on fire");
            }

            await _file.FlushAsync(cancellationToken);
            _file.Position = 0;
            byte[] content = new byte[_file.Length];
            await _file.ReadExactlyAsync(content, cancellationToken);
            string id = $"Q{Interlocked.Increment(ref _owner._queueCounter):D4}";
            ReceivedMessage message = new(envelope, content, id);
            _owner.Committed.Enqueue(message);
            _owner._messages.Writer.TryWrite(message);
            _settled = true;
            return id;
        }

        public ValueTask DiscardAsync()
        {
            Assert.False(_settled);
            _settled = true;
            Interlocked.Increment(ref _owner._discards);
            return ValueTask.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            await _file.DisposeAsync();
            File.Delete(_path);
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("write failed"));
    }
}
