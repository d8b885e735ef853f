using System.Net;

namespace MailManager.Smtp;

/// <summary>Raised by <see cref="SmtpListenerManager.StatusChanged"/> so the host can mirror listener state (e.g. Provisioning → Active).</summary>
public sealed class SmtpListenerStatusChangedEventArgs(
    string endpointId,
    SmtpListenerStatus status,
    IPEndPoint? boundEndPoint = null,
    SmtpListenerFailureReason failureReason = SmtpListenerFailureReason.None,
    string? message = null) : EventArgs
{
    /// <summary>The endpoint whose listener changed.</summary>
    public string EndpointId { get; } = endpointId;

    /// <summary>The new status.</summary>
    public SmtpListenerStatus Status { get; } = status;

    /// <summary>The bound address while listening or stopping, otherwise null.</summary>
    public IPEndPoint? BoundEndPoint { get; } = boundEndPoint;

    /// <summary>Why, when <see cref="Status"/> is <see cref="SmtpListenerStatus.Failed"/>.</summary>
    public SmtpListenerFailureReason FailureReason { get; } = failureReason;

    /// <summary>Operator-facing detail of a failure, or null.</summary>
    public string? Message { get; } = message;
}
