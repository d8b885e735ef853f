using System.Collections.Concurrent;
using MailManager.Core.Conditions;
using MailManager.Core.IngressPoints;
using MailManager.Core.Messages;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.AddressLists;
using MailManager.Data.IngressPoints;
using MailManager.Core.RuleSets;
using MailManager.Data.Messages;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using MailManager.Smtp;

namespace MailManager.Ingress;

/// <summary>
/// The decisions the SMTP engine asks of MailManager for every endpoint: the traffic policy of the session,
/// SMTP AUTH against the endpoint's password or secret, and durable storage of accepted messages, planned by the
/// endpoint's rule set in the same commit. The endpoint, its policy and rule set are looked up when a session opens, so an edited policy or rule set applies to
/// the next session; they are kept in memory until the configuration version moves, so sessions do not each
/// query the database.
/// </summary>
public sealed class IngressEndpointHandler(
    IngressPointService endpoints,
    TrafficPolicyService trafficPolicies,
    RuleSetService ruleSets,
    MessageSpool spool,
    IMessagePlanner planner,
    ConfigurationVersion configuration,
    AddressListMatchers addressLists,
    SessionRecorder recorder,
    TimeProvider time)
    : ISmtpEndpointHandler
{
    private readonly ConcurrentDictionary<string, EndpointSnapshot> _snapshots = new(StringComparer.Ordinal);

    private static readonly SmtpReply DeniedByPolicy = new(550, "5.7.1", "Recipient rejected by the traffic policy");
    private static readonly SmtpReply EndpointUnavailable = new(421, "4.3.2", "Service not available, closing transmission channel");

    public async ValueTask<SmtpSessionPolicy> OpenSessionAsync(SmtpSessionInfo session, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(session.EndpointId, cancellationToken);
        if (snapshot.Endpoint is not { } endpoint || endpoint.DesiredStatus == IngressPointStatusToUpdate.Closed)
        {
            // Verdict log: a refused connection is recorded too.
            var reason = snapshot.Endpoint is null ? "Ingress endpoint no longer exists" : "Ingress endpoint is closed";
            return new SmtpSessionPolicy
            {
                RejectConnection = EndpointUnavailable,
                SessionClosed = recorder.Refused(session.EndpointId, snapshot.Endpoint?.IngressPointName, reason),
            };
        }
        // The session keeps the compiled policy it started with, whatever is saved while it runs. The recording
        // judges each recipient with it (no policy at all refuses everyone) and logs the session when it closes.
        var recording = recorder.Open(endpoint, snapshot.Policy, snapshot.Compiled, DeniedByPolicy);
        return new SmtpSessionPolicy
        {
            MaxMessageSizeBytes = snapshot.Policy?.MaxMessageSizeBytes,
            CheckRecipient = recording.CheckRecipientAsync,
            SessionClosed = recording.Closed,
        };
    }

    public async ValueTask<bool> AuthenticateAsync(string endpointId, string username, string password, CancellationToken cancellationToken) =>
        await endpoints.CheckCredentialsAsync(endpointId, username, password, cancellationToken);

    public async ValueTask<ISmtpMessageSink> OpenMessageAsync(SmtpSessionInfo session, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(session.EndpointId, cancellationToken);
        var endpoint = snapshot.Endpoint ?? throw new InvalidOperationException($"Ingress endpoint {session.EndpointId} no longer exists.");
        return new SpoolSink(spool.Open(), endpoint, snapshot.RuleSet, planner, time);
    }

    private async ValueTask<EndpointSnapshot> SnapshotAsync(string endpointId, CancellationToken ct)
    {
        // Read the version first: a change saved while loading makes the next session load again.
        var version = configuration.Current;
        if (_snapshots.TryGetValue(endpointId, out var cached) && cached.Version == version)
        {
            return cached;
        }
        var endpoint = await endpoints.GetAsync(endpointId, ct);
        var policy = endpoint is null ? null : await trafficPolicies.GetAsync(endpoint.TrafficPolicyId, ct);
        var found = endpoint is null ? null : await ruleSets.GetAsync(endpoint.RuleSetId, ct);
        var ruleSet = found is null ? null : CompiledRuleSet.Compile(found, await addressLists.GetAsync(found.ReferencedAddressListIds, ct));
        // Compiled once per configuration version, not per session or recipient. No policy at all refuses everyone.
        // Address lists come compiled from their cache, rebuilt only for the lists whose members changed.
        var compiled = policy is null ? null : CompiledTrafficPolicy.Compile(policy.DefaultAction, policy.PolicyStatements, await addressLists.GetAsync(
            policy.PolicyStatements.SelectMany(s => s.Conditions).Select(c => c.BooleanExpression?.AddressListId).OfType<string>(), ct));
        var snapshot = new EndpointSnapshot(version, endpoint, policy, compiled, ruleSet);
        _snapshots[endpointId] = snapshot;
        return snapshot;
    }

    /// <summary>
    /// What an endpoint's sessions use, read and compiled once per configuration version. Sessions judge each recipient
    /// at RCPT with <see cref="Compiled"/> from the session's facts (sender address, TLS as it is after STARTTLS).
    /// </summary>
    private sealed record EndpointSnapshot(long Version, IngressPoint? Endpoint, TrafficPolicy? Policy, CompiledTrafficPolicy? Compiled, CompiledRuleSet? RuleSet);

    /// <summary>
    /// Adapts a spool entry to the engine's sink: bytes to the file (the header block also kept aside for the
    /// message log), envelope and the rule set's plan to the database row.
    /// </summary>
    private sealed class SpoolSink(SpooledMessage message, IngressPoint endpoint, CompiledRuleSet? ruleSet, IMessagePlanner planner, TimeProvider time)
        : ISmtpMessageSink
    {
        private readonly MessageHeaderCapture _content = new(message.Content);

        public Stream Content => _content;

        public async ValueTask<string> CommitAsync(SmtpEnvelope envelope, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow();
            var (headers, subject) = _content.Read();
            var received = new ReceivedMessage
            {
                MessageId = message.MessageId,
                IngressPointId = endpoint.IngressPointId,
                IngressPointName = endpoint.IngressPointName,
                SessionId = envelope.SessionId,
                ReceivedTimestamp = envelope.ReceivedAt == default ? now : envelope.ReceivedAt,
                SourceIp = envelope.RemoteAddress.ToString(),
                HeloName = envelope.HeloName,
                TlsProtocol = envelope.TlsProtocolName,
                TlsCipherSuite = envelope.TlsCipherSuite,
                AuthenticatedUser = envelope.AuthenticatedUser,
                MailFrom = envelope.MailFrom,
                SizeBytes = envelope.SizeBytes,
                Status = MessageStatus.Queued,
                // The rule set in force when the message was accepted is the one that acts on it.
                RuleSetId = endpoint.RuleSetId,
                Headers = headers.Length == 0 ? null : headers,
                Subject = subject,
                LastUpdatedTimestamp = now,
                Recipients = envelope.Recipients.Select(r => new MessageRecipient { Address = r, Status = MessageStatus.Queued }).ToList(),
            };
            if (ruleSet is not null)
            {
                // Planned here, committed with the message: the deliverer needs no second pass over it. The headers are
                // read for the rules only when a rule has conditions.
                planner.PlanAccepted(received, ruleSet, ruleSet.NeedsFacts ? MessageFactsReader.Read(received, received.Headers) : null);
            }
            await message.CommitAsync(received, cancellationToken);
            return message.MessageId;
        }

        public ValueTask DiscardAsync() => message.DiscardAsync();

        public ValueTask DisposeAsync() => message.DisposeAsync();
    }
}
