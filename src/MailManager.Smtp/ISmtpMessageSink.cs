namespace MailManager.Smtp;

/// <summary>
/// Where one message goes. The engine writes the message into <see cref="Content"/> as it arrives (a
/// <c>Received:</c> header it prepends, then the dot-unstuffed body with CRLF line ends), never holding the whole
/// message in memory. Then it calls either <see cref="CommitAsync"/> (message complete and acceptable) or
/// <see cref="DiscardAsync"/> (refused, failed or connection lost), and finally <see cref="IAsyncDisposable.DisposeAsync"/>.
/// </summary>
public interface ISmtpMessageSink : IAsyncDisposable
{
    /// <summary>The writable stream the engine copies the message into. The sink owns it; the engine only writes and flushes.</summary>
    Stream Content { get; }

    /// <summary>
    /// Makes the message durable and returns its queue id. Only after this returns does the engine answer
    /// <c>250 2.0.0 Ok: queued as &lt;id&gt;</c>; if it throws, the engine calls <see cref="DiscardAsync"/> and answers 451 4.3.0.
    /// </summary>
    ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken);

    /// <summary>Throws away whatever was written; called instead of (or after a failed) commit. Should not throw.</summary>
    ValueTask DiscardAsync();
}
