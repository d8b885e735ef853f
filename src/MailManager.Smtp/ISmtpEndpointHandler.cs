namespace MailManager.Smtp;

/// <summary>
/// The host's side of one endpoint: the engine speaks SMTP, the host decides. Called concurrently from many
/// sessions, so implementations must be thread-safe. The engine asks for the session policy at every new
/// connection, so configuration changes reach new sessions without restarting the listener.
/// </summary>
public interface ISmtpEndpointHandler
{
    /// <summary>
    /// Called when a client connects, before the greeting. Returns this session's policy (size limit, recipient
    /// check, or a reply that turns the client away). Throwing makes the engine answer 421 4.3.0 and close.
    /// </summary>
    ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken);

    /// <summary>
    /// Checks AUTH LOGIN / AUTH PLAIN credentials (for SES semantics: username equals <paramref name="endpointId"/>
    /// and the password matches the endpoint's secret). Throwing makes the engine answer 454 4.7.0.
    /// </summary>
    ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken);

    /// <summary>
    /// Called at DATA, before the 354 reply, to get where the message goes. Throwing makes the engine answer 451 4.3.0.
    /// The engine always disposes the returned sink.
    /// </summary>
    ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken);
}
