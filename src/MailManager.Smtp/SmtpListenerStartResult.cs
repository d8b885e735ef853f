using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace MailManager.Smtp;

/// <summary>Outcome of <see cref="SmtpListenerManager.StartListenerAsync"/>: either the bound address or why binding failed.</summary>
public sealed class SmtpListenerStartResult
{
    private SmtpListenerStartResult(IPEndPoint? boundEndPoint, SmtpListenerFailureReason reason, string? message, Exception? exception)
    {
        BoundEndPoint = boundEndPoint;
        FailureReason = reason;
        Message = message;
        Exception = exception;
    }

    /// <summary>Whether the listener is bound and accepting.</summary>
    [MemberNotNullWhen(true, nameof(BoundEndPoint))]
    [MemberNotNullWhen(false, nameof(Message))]
    public bool Succeeded => FailureReason == SmtpListenerFailureReason.None;

    /// <summary>The address actually bound (with the real port when port 0 was asked for).</summary>
    public IPEndPoint? BoundEndPoint { get; }

    /// <summary>Why the start failed, or <see cref="SmtpListenerFailureReason.None"/>.</summary>
    public SmtpListenerFailureReason FailureReason { get; }

    /// <summary>A sentence for the operator (e.g. "Address already in use"), or null on success.</summary>
    public string? Message { get; }

    /// <summary>The underlying exception, when there was one.</summary>
    public Exception? Exception { get; }

    internal static SmtpListenerStartResult Success(IPEndPoint boundEndPoint) => new(boundEndPoint, SmtpListenerFailureReason.None, null, null);

    internal static SmtpListenerStartResult Failure(SmtpListenerFailureReason reason, string message, Exception? exception = null) => new(null, reason, message, exception);
}
