using System.Security.Authentication;
using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.TrafficPolicies;
using MailManager.Core.VerdictLog;
using MailManager.Data.VerdictLog;
using MailManager.Smtp;

namespace MailManager.Ingress;

/// <summary>
/// Records every SMTP session for the verdict log. Each session gets a <see cref="SessionRecording"/> that judges its
/// recipients at RCPT with the session's compiled traffic policy and keeps the facts and verdict of each (a copy,
/// nothing more, on the reply path); when the engine reports the session closed, the trace is handed to the log's
/// writer without waiting, and the writer explains each verdict later.
/// </summary>
public sealed class SessionRecorder(VerdictLogWriter writer, TimeProvider time)
{
    /// <summary>A session on an endpoint that takes mail, judged by <paramref name="compiled"/> (null: no policy, everyone refused).</summary>
    public SessionRecording Open(IngressPoint endpoint, TrafficPolicy? policy, CompiledTrafficPolicy? compiled, SmtpReply denied) =>
        new(this, endpoint, policy, compiled, denied);

    /// <summary>What the engine calls when a connection turned away before the greeting has closed.</summary>
    public Action<SmtpSessionSummary> Refused(string endpointId, string? endpointName, string reason) =>
        summary => Enqueue(summary, endpointId, endpointName ?? endpointId, null, null, reason, []);

    internal TimeProvider Time => time;

    internal void Enqueue(
        SmtpSessionSummary summary, string endpointId, string endpointName, TrafficPolicy? policy, CompiledTrafficPolicy? compiled,
        string? refusedReason, IReadOnlyList<RecipientTrace> recipients)
    {
        var session = summary.Session;
        writer.TryEnqueue(new SessionTrace
        {
            SessionId = session.SessionId,
            IngressPointId = endpointId,
            IngressPointName = endpointName,
            Policy = policy,
            CompiledPolicy = compiled,
            SourceIp = session.RemoteEndPoint.Address,
            HeloName = session.HeloName,
            TlsProtocol = session.TlsProtocolName,
            TlsCipherSuite = session.TlsCipherSuite,
            AuthenticatedUser = session.AuthenticatedUser,
            FailedAuthAttempts = summary.FailedAuthAttempts,
            ConnectionRefusedReason = refusedReason,
            EndReason = EndReason(summary.End),
            StartedTimestamp = session.ConnectedAt,
            EndedTimestamp = summary.EndedAt,
            MessagesAccepted = summary.MessagesAccepted,
            Recipients = recipients,
            RefusedMessages = [.. summary.RefusedMessages.Select(m => new RefusedMessageTrace(
                m.RefusedAt, m.MailFrom, m.Recipients, m.Reason == SmtpMessageRefusal.SizeExceeded, ContentProblem(m.Reason), m.MaxSizeBytes, m.ReceivedBytes))],
        });
    }

    internal static RecipientFacts Facts(SmtpSessionInfo session, string recipient) => new(recipient, session.RemoteEndPoint.Address, session.TlsProtocol switch
    {
        SslProtocols.Tls13 => TlsVersion.Tls1_3,
        SslProtocols.Tls12 => TlsVersion.Tls1_2,
        _ => null,
    });

    private static SessionEndReason EndReason(SmtpSessionEnd end) => end switch
    {
        SmtpSessionEnd.Quit => SessionEndReason.Quit,
        SmtpSessionEnd.ClientDisconnected => SessionEndReason.ClientDisconnected,
        SmtpSessionEnd.ConnectionRefused => SessionEndReason.ConnectionRefused,
        SmtpSessionEnd.Timeout => SessionEndReason.Timeout,
        SmtpSessionEnd.ShuttingDown => SessionEndReason.ShuttingDown,
        SmtpSessionEnd.TooManyFailedAuthentications => SessionEndReason.TooManyFailedAuthentications,
        SmtpSessionEnd.TlsHandshakeFailed => SessionEndReason.TlsHandshakeFailed,
        _ => SessionEndReason.ServerError,
    };

    private static string? ContentProblem(SmtpMessageRefusal reason) => reason switch
    {
        SmtpMessageRefusal.BareLineEnding => "bare CR or LF",
        SmtpMessageRefusal.LineTooLong => "line too long",
        SmtpMessageRefusal.LocalError => "local error",
        _ => null,
    };
}

/// <summary>One session's recipient verdicts, kept until it closes. A session's commands run one at a time, so no locking.</summary>
public sealed class SessionRecording
{
    /// <summary>
    /// Verdicts kept per session: a client that keeps one connection open for thousands of messages must not make
    /// the session hold all of them in memory. Later recipients are judged as usual, only not logged.
    /// </summary>
    public const int MaxRecordedRecipients = 1000;

    private readonly SessionRecorder _recorder;
    private readonly IngressPoint _endpoint;
    private readonly TrafficPolicy? _policy;
    private readonly CompiledTrafficPolicy? _compiled;
    private readonly SmtpReply _denied;
    private readonly List<RecipientTrace> _recipients = [];

    internal SessionRecording(SessionRecorder recorder, IngressPoint endpoint, TrafficPolicy? policy, CompiledTrafficPolicy? compiled, SmtpReply denied)
    {
        _recorder = recorder;
        _endpoint = endpoint;
        _policy = policy;
        _compiled = compiled;
        _denied = denied;
    }

    /// <summary>The engine's RCPT check: the policy's verdict, kept with the facts it was reached on.</summary>
    public ValueTask<SmtpReply?> CheckRecipientAsync(SmtpSessionInfo session, string mailFrom, string recipient, CancellationToken ct)
    {
        var facts = SessionRecorder.Facts(session, recipient);
        var verdict = _compiled?.Evaluate(facts) ?? new TrafficPolicyVerdict(false, -1);
        if (_recipients.Count < MaxRecordedRecipients)
        {
            _recipients.Add(new RecipientTrace(_recorder.Time.GetUtcNow(), mailFrom, facts, verdict));
        }
        return ValueTask.FromResult(verdict.Accepted ? null : _denied);
    }

    /// <summary>The engine's SessionClosed callback.</summary>
    public void Closed(SmtpSessionSummary summary) =>
        _recorder.Enqueue(summary, _endpoint.IngressPointId, _endpoint.IngressPointName, _policy, _compiled, null, _recipients);
}
