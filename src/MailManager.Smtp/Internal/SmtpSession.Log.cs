using System.Net;

using Microsoft.Extensions.Logging;

namespace MailManager.Smtp.Internal;

/// <summary>Log messages of a session (source-generated so disabled levels cost nothing on the hot path).</summary>
internal sealed partial class SmtpSession
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP session {SessionId} opened on endpoint {EndpointId} from {RemoteEndPoint}")]
    private static partial void LogSessionOpened(ILogger logger, string sessionId, string endpointId, IPEndPoint remoteEndPoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP session {SessionId} lost its connection: {Reason}")]
    private static partial void LogConnectionLost(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMTP session {SessionId} failed")]
    private static partial void LogSessionFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP session {SessionId}: handler call {Call} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string sessionId, string call);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP session {SessionId}: TLS handshake failed: {Reason}")]
    private static partial void LogTlsFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP session {SessionId}: authentication failed for {Username} (attempt {Attempt})")]
    private static partial void LogAuthFailed(ILogger logger, string sessionId, string username, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP session {SessionId}: message {MessageId} refused: {Reason}")]
    private static partial void LogMessageRefused(ILogger logger, string sessionId, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SMTP session {SessionId}: message {MessageId} queued as {QueueId} ({Size} bytes)")]
    private static partial void LogMessageQueued(ILogger logger, string sessionId, string messageId, string queueId, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP session {SessionId}: discarding message {MessageId} failed")]
    private static partial void LogDiscardFailed(ILogger logger, Exception exception, string sessionId, string messageId);
}
