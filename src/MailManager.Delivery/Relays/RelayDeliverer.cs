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
/// </summary>
public sealed class RelayDeliverer(IOptions<DeliveryOptions> options)
{
    public async Task<IReadOnlyList<RelayDeliveryOutcome>> DeliverAsync(RelayDeliveryRequest request, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfZero(request.Recipients.Count);
        var settings = options.Value;
        using var client = new RelaySmtpClient(new NullProtocolLogger())
        {
            Timeout = (int)settings.CommandTimeout.TotalMilliseconds,
            LocalDomain = settings.HeloName,
            // Opportunistic STARTTLS between MTAs (RFC 3207 §4.1, as Postfix's "may" level): the relay names no
            // certificate to expect, so a self-signed or mismatched one still beats sending in clear text.
            ServerCertificateValidationCallback = (_, _, _, _) => true,
        };

        // Addresses our own SMTP engine accepted but MimeKit cannot write will not improve with time.
        if (!TryAddress(request.MailFrom, out var sender))
        {
            return [new RelayDeliveryOutcome(request.Recipients, DeliveryOutcome.PermanentFailure, $"The envelope sender <{request.MailFrom}> cannot be relayed")];
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
        List<RelayDeliveryOutcome> outcomes = unwritable.Count == 0 ? []
            : [new RelayDeliveryOutcome(unwritable, DeliveryOutcome.PermanentFailure, "The recipient address cannot be relayed")];
        if (recipients.Count == 0)
        {
            return outcomes;
        }

        try
        {
            await ConnectAsync(client, request, settings.ConnectTimeout, ct);
            var (message, format) = await SpooledMimeMessage.FromSpoolAsync(request.Content, ct);
            using var disposeMessage = message;
            var text = await client.SendAsync(format, message, sender, recipients, ct);
            outcomes.Add(new RelayDeliveryOutcome(Accepted(client, recipients), DeliveryOutcome.Delivered, RelayFailure.Reply(250, text)));
            await QuitQuietlyAsync(client);
        }
        catch (RelaySmtpClient.NoRecipientsAcceptedException)
        {
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var (outcome, failure) = RelayFailure.Classify(ex, request.ServerName, request.ServerPort, settings.ConnectTimeout);
            // A refused RCPT keeps its own reply; the failure applies to the recipients the server had accepted.
            outcomes.Add(new RelayDeliveryOutcome(Accepted(client, recipients), outcome, failure));
        }
        outcomes.AddRange(Refused(client));
        return outcomes.Where(o => o.Recipients.Count > 0).ToList();
    }

    private static async Task ConnectAsync(RelaySmtpClient client, RelayDeliveryRequest request, TimeSpan timeout, CancellationToken ct)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        connectTimeout.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(request.ServerName, request.ServerPort, SecureSocketOptions.StartTlsWhenAvailable, connectTimeout.Token);
            if (request.Credentials is { } credentials)
            {
                await client.AuthenticateAsync(credentials.UserName, credentials.Password, connectTimeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new RelayFailure.ConnectTimeoutException();
        }
    }

    // The message is already accepted (or refused); a failing QUIT changes nothing about it.
    private static async Task QuitQuietlyAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or TimeoutException)
        {
        }
    }

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

    private static List<RelayDeliveryOutcome> Refused(RelaySmtpClient client) =>
        client.Refused
            .Select(r => (r.Address, Result: RelayFailure.Of(r.Response)))
            .GroupBy(r => r.Result)
            .Select(g => new RelayDeliveryOutcome(g.Select(r => r.Address).ToList(), g.Key.Outcome, g.Key.Reply))
            .ToList();
}
