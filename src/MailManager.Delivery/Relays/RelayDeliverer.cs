using System.Diagnostics.CodeAnalysis;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.Messages;
using Microsoft.Extensions.Options;
using MimeKit;

namespace MailManager.Delivery.Relays;

/// <summary>
/// Hands one message to a relay's server with MailKit: STARTTLS when offered, AUTH when the relay has
/// credentials, the given envelope, the spooled bytes unchanged. Never throws for what the server or the
/// network does: every recipient comes back with an outcome and the reply or error to log.
/// Connections are kept for the next message to the same server with the same credentials (as Postfix's
/// connection cache): connecting, STARTTLS and AUTH cost far more than one message.
/// </summary>
public sealed class RelayDeliverer(IOptions<DeliveryOptions> options, RelayClients clients, TimeProvider time) : IDisposable, IAsyncDisposable
{
    /// <summary>How long an unused connection is kept; well below the usual server idle timeouts (Postfix: 300 s).</summary>
    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<IdleClient> _idle = [];
    private bool _disposed;

    public async Task<IReadOnlyList<MessageProcessingOutcome>> DeliverAsync(RelayDeliveryRequest request, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfZero(request.Recipients.Count);
        var settings = options.Value;

        // Addresses our own SMTP engine accepted but MimeKit cannot write will not improve with time.
        if (!TryAddress(request.MailFrom, out var sender))
        {
            return [new MessageProcessingOutcome(request.Recipients, DeliveryOutcome.PermanentFailure, $"The envelope sender <{request.MailFrom}> cannot be relayed")];
        }
        var recipients = new List<MailboxAddress>();
        var unwritable = new List<string>();
        foreach (var address in request.Recipients)
        {
            if (TryAddress(address, out var mailbox) && address.Length > 0)
            {
                recipients.Add(mailbox);
            }
            else
            {
                unwritable.Add(address);
            }
        }
        List<MessageProcessingOutcome> outcomes = unwritable.Count == 0 ? []
            : [new MessageProcessingOutcome(unwritable, DeliveryOutcome.PermanentFailure, "The recipient address cannot be relayed")];
        if (recipients.Count == 0)
        {
            return outcomes;
        }

        MimeMessage? message = null;
        var format = FormatOptions.Default;
        var client = TakeIdle(request);
        var reused = client is not null;
        client ??= clients.Create();
        var keep = false;
        try
        {
            while (true)
            {
                // The refusals of the previous message on a kept connection are not this one's.
                client.ClearRefused();
                try
                {
                    if (!reused)
                    {
                        await clients.ConnectAsync(client, request.ServerName, request.ServerPort, request.Credentials, ct);
                    }
                    if (message is null)
                    {
                        (message, format) = await SpooledMimeMessage.FromSpoolAsync(request.Content, ct);
                    }
                    var text = await client.SendAsync(format, message, sender, recipients, ct);
                    outcomes.Add(new MessageProcessingOutcome(Accepted(client, recipients), DeliveryOutcome.Delivered, RelayFailure.Reply(250, text)));
                    outcomes.AddRange(Refused(client));
                    keep = true;
                    break;
                }
                catch (RelaySmtpClient.NoRecipientsAcceptedException)
                {
                    outcomes.AddRange(Refused(client));
                    break;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && reused && message is not null && IsStaleConnection(ex))
                {
                    // A kept connection the server has closed (idle timeout, messages-per-connection limit) says
                    // nothing about this message: try once more on a new connection, as without the cache.
                    // (message is not null: a spool read failure is the message's own and is classified as before.)
                    client.Dispose();
                    client = clients.Create();
                    reused = false;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    var (outcome, failure) = RelayFailure.Classify(ex, request.ServerName, request.ServerPort, settings.ConnectTimeout);
                    // A refused RCPT keeps its own reply; the failure applies to the recipients the server had accepted.
                    outcomes.Add(new MessageProcessingOutcome(Accepted(client, recipients), outcome, failure));
                    outcomes.AddRange(Refused(client));
                    break;
                }
            }
        }
        finally
        {
            // Any error leaves the connection in an unknown state: it is kept only after a delivered message.
            if (keep)
            {
                Keep(client, request);
            }
            else
            {
                client.Dispose();
            }
            message?.Dispose();
        }
        return outcomes.Where(o => o.Recipients.Count > 0).ToList();
    }
    /// <summary>Closes kept connections unused for longer than <see cref="IdleLifetime"/>; the processor calls it each round.</summary>
    public void CloseIdleConnections()
    {
        List<IdleClient> expired;
        lock (_gate)
        {
            expired = TakeExpired();
        }
        CloseAll(expired);
    }

    public void Dispose()
    {
        List<IdleClient> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _idle];
            _idle.Clear();
        }
        foreach (var idle in all)
        {
            idle.Client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<IdleClient> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _idle];
            _idle.Clear();
        }
        await Task.WhenAll(all.Select(i => QuitAndDisposeAsync(i.Client)));
    }

    /// <summary>A kept connection to the request's server, or null. One with other credentials is closed: the relay's secret changed.</summary>
    private RelaySmtpClient? TakeIdle(RelayDeliveryRequest request)
    {
        RelaySmtpClient? found = null;
        var dropped = new List<IdleClient>();
        lock (_gate)
        {
            dropped.AddRange(TakeExpired());
            // Newest first: the one least likely to have been closed by the server.
            for (var i = _idle.Count - 1; i >= 0; i--)
            {
                var idle = _idle[i];
                if (!SameServer(idle, request))
                {
                    continue;
                }
                _idle.RemoveAt(i);
                if (found is null && idle.Credentials == request.Credentials && idle.Client.IsConnected)
                {
                    found = idle.Client;
                }
                else if (idle.Credentials != request.Credentials || !idle.Client.IsConnected)
                {
                    dropped.Add(idle);
                }
                else
                {
                    // Another good one for the same server: leave it for the next delivery.
                    _idle.Insert(i, idle);
                }
                if (found is not null)
                {
                    break;
                }
            }
        }
        CloseAll(dropped);
        return found;
    }

    /// <summary>Keeps a connection after a delivery, unless the cache is full (MaxConcurrentDeliveries) or closed.</summary>
    private void Keep(RelaySmtpClient client, RelayDeliveryRequest request)
    {
        if (client.IsConnected)
        {
            lock (_gate)
            {
                if (!_disposed && _idle.Count < options.Value.MaxConcurrentDeliveries)
                {
                    _idle.Add(new IdleClient(client, request.ServerName, request.ServerPort, request.Credentials, time.GetTimestamp()));
                    return;
                }
            }
        }
        // Not kept: QUIT as before the cache; the message is accepted already, so this needs no waiting.
        _ = QuitAndDisposeAsync(client);
    }

    // Call with _gate held.
    private List<IdleClient> TakeExpired()
    {
        var expired = new List<IdleClient>();
        for (var i = _idle.Count - 1; i >= 0; i--)
        {
            if (time.GetElapsedTime(_idle[i].Since) >= IdleLifetime)
            {
                expired.Add(_idle[i]);
                _idle.RemoveAt(i);
            }
        }
        return expired;
    }

    private static void CloseAll(List<IdleClient> clients)
    {
        foreach (var idle in clients)
        {
            _ = QuitAndDisposeAsync(idle.Client);
        }
    }

    private static bool SameServer(IdleClient idle, RelayDeliveryRequest request) =>
        idle.ServerPort == request.ServerPort && string.Equals(idle.ServerName, request.ServerName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Errors of a kept connection that a new connection may not have: anything but an SMTP reply, or a 421
    /// (the server closing the session). A reply about this message (4xx/5xx other than 421) is its outcome.
    /// </summary>
    private static bool IsStaleConnection(Exception ex) => ex switch
    {
        SmtpCommandException sce => sce.StatusCode == SmtpStatusCode.ServiceNotAvailable,
        RelaySmtpClient.NoRecipientsAcceptedException => false,
        _ => true,
    };

    // Closing politely (QUIT) changes nothing about messages already accepted; failures are irrelevant.
    private static async Task QuitAndDisposeAsync(SmtpClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or TimeoutException
            or OperationCanceledException or ServiceNotConnectedException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    private sealed record IdleClient(RelaySmtpClient Client, string ServerName, int ServerPort, RelayCredentials? Credentials, long Since);

    /// <summary>An empty address gives the null reverse-path <c>MAIL FROM:&lt;&gt;</c> of bounces: MailKit writes it between the brackets.</summary>
    private static bool TryAddress(string address, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        try
        {
            mailbox = new MailboxAddress("", address);
            return true;
        }
        catch (ParseException)
        {
            mailbox = null;
            return false;
        }
    }

    private static List<string> Accepted(RelaySmtpClient client, List<MailboxAddress> recipients) =>
        recipients.Select(r => r.Address).Except(client.Refused.Select(r => r.Address), StringComparer.OrdinalIgnoreCase).ToList();

    private static List<MessageProcessingOutcome> Refused(RelaySmtpClient client) =>
        client.Refused
            .Select(r => (r.Address, Result: RelayFailure.Of(r.Response)))
            .GroupBy(r => r.Result)
            .Select(g => new MessageProcessingOutcome(g.Select(r => r.Address).ToList(), g.Key.Outcome, g.Key.Reply))
            .ToList();
}
