using System.Net;
using MailManager.Core.TrafficPolicies;

namespace MailManager.Core.VerdictLog;

/// <summary>
/// What the SMTP session captured for the verdict log, on the reply path and without any work beyond copying:
/// the facts each recipient was judged on and its verdict. The explanation (each condition's result) is computed
/// later, off the reply path, by <see cref="VerdictLogShaping"/> from these facts and the compiled policy the session used.
/// </summary>
public sealed class SessionTrace
{
    public required string SessionId { get; init; }
    public required string IngressPointId { get; init; }
    public required string IngressPointName { get; init; }

    /// <summary>The policy the session started with, null when it no longer existed (or the connection was refused).</summary>
    public TrafficPolicy? Policy { get; init; }

    /// <summary>The compiled form of <see cref="Policy"/> the session's verdicts came from.</summary>
    public CompiledTrafficPolicy? CompiledPolicy { get; init; }

    public required IPAddress SourceIp { get; init; }
    public string? HeloName { get; init; }
    public string? TlsProtocol { get; init; }
    public string? TlsCipherSuite { get; init; }
    public string? AuthenticatedUser { get; init; }
    public int FailedAuthAttempts { get; init; }
    public string? ConnectionRefusedReason { get; init; }
    public SessionEndReason EndReason { get; init; }
    public required DateTimeOffset StartedTimestamp { get; init; }
    public required DateTimeOffset EndedTimestamp { get; init; }
    public int MessagesAccepted { get; init; }
    public IReadOnlyList<RecipientTrace> Recipients { get; init; } = [];
    public IReadOnlyList<RefusedMessageTrace> RefusedMessages { get; init; } = [];
}

/// <summary>One RCPT as judged: the facts given to the policy and what it answered.</summary>
public sealed record RecipientTrace(DateTimeOffset Timestamp, string MailFrom, RecipientFacts Facts, TrafficPolicyVerdict Verdict);

/// <summary>A message refused at the end of DATA.</summary>
public sealed record RefusedMessageTrace(
    DateTimeOffset Timestamp, string MailFrom, IReadOnlyList<string> Recipients, bool SizeExceeded, string? ContentProblem, long AllowedSize, long ReceivedSize);
