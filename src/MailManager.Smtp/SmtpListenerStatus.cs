namespace MailManager.Smtp;

/// <summary>Lifecycle of one endpoint's listener, reported by <see cref="SmtpListenerManager.StatusChanged"/>.</summary>
public enum SmtpListenerStatus
{
    /// <summary>No listener was ever started for the endpoint.</summary>
    NotStarted,

    /// <summary>Binding the socket.</summary>
    Starting,

    /// <summary>Bound and accepting connections.</summary>
    Listening,

    /// <summary>Unbound (new connections refused); existing sessions are draining.</summary>
    Stopping,

    /// <summary>Unbound and every session closed.</summary>
    Stopped,

    /// <summary>Could not bind, or the accept loop died; see the failure reason.</summary>
    Failed,
}
