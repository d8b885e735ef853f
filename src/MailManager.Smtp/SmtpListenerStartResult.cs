using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace MailManager.Smtp;

/// <summary>Outcome of <see cref="SmtpListenerManager.StartListenerAsync"/>: either the bound address or why binding failed.</summary>
public sealed class SmtpListenerStartResult
{
    private SmtpListenerStartResult(IReadOnlyList<IPEndPoint> boundEndPoints, SmtpListenerFailureReason reason, string? message, Exception? exception, IPEndPoint? failedEndPoint)
    {
        BoundEndPoints = boundEndPoints;
        FailureReason = reason;
        Message = message;
        Exception = exception;
        FailedEndPoint = failedEndPoint;
    }

    /// <summary>Whether the listener is bound and accepting.</summary>
    [MemberNotNullWhen(true, nameof(BoundEndPoint))]
    [MemberNotNullWhen(false, nameof(Message))]
    public bool Succeeded => FailureReason == SmtpListenerFailureReason.None;

    /// <summary>The address actually bound (with the real port when port 0 was asked for): the first of <see cref="BoundEndPoints"/>.</summary>
    public IPEndPoint? BoundEndPoint => BoundEndPoints.Count > 0 ? BoundEndPoints[0] : null;

    /// <summary>Every address bound, in the order of <see cref="SmtpEndpoint.EndPoint"/> then <see cref="SmtpEndpoint.AdditionalEndPoints"/>; empty on failure.</summary>
    public IReadOnlyList<IPEndPoint> BoundEndPoints { get; }

    /// <summary>The address that could not be bound, when binding is what failed; none of the endpoint's addresses is then bound.</summary>
    public IPEndPoint? FailedEndPoint { get; }

    /// <summary>Why the start failed, or <see cref="SmtpListenerFailureReason.None"/>.</summary>
    public SmtpListenerFailureReason FailureReason { get; }

    /// <summary>A sentence for the operator (e.g. "Address already in use"), or null on success.</summary>
    public string? Message { get; }

    /// <summary>The underlying exception, when there was one.</summary>
    public Exception? Exception { get; }

    internal static SmtpListenerStartResult Success(IReadOnlyList<IPEndPoint> boundEndPoints) => new(boundEndPoints, SmtpListenerFailureReason.None, null, null, null);

    internal static SmtpListenerStartResult Failure(SmtpListenerFailureReason reason, string message, Exception? exception = null, IPEndPoint? failedEndPoint = null) =>
        new([], reason, message, exception, failedEndPoint);
}
