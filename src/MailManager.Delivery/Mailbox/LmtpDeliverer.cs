using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Messages;
using MailManager.Delivery.Relays;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Mailbox;

/// <summary>
/// Hands one message to a mailbox server by LMTP (RFC 2033), as Postfix's lmtp client hands it to Dovecot: LHLO,
/// MAIL FROM, one RCPT TO per recipient, DATA, then one reply per accepted recipient, each honoured for its own
/// recipient. MailKit has no LMTP client, so this is our own, over TCP or a Unix domain socket.
/// Never throws for what the server or the network does: every recipient comes back with an outcome and the
/// reply or error to log (2xx delivered, 5xx failed for good, everything else retried). Only the caller's
/// cancellation ends it with <see cref="OperationCanceledException"/>.
/// </summary>
public sealed partial class LmtpDeliverer(IOptions<DeliveryOptions> options, ILogger<LmtpDeliverer> logger)
{
    /// <param name="server">Where to deliver.</param>
    /// <param name="mailFrom">The envelope sender; empty for the null sender <c>&lt;&gt;</c>.</param>
    /// <param name="recipients">The envelope recipients, at least one.</param>
    /// <param name="content">The whole message as received (CRLF line ends), seekable; sent from its start.</param>
    /// <param name="ct">Cancels the delivery (shutting down); the outcome is then unknown and nothing is returned.</param>
    /// <returns>The outcomes, recipients with the same outcome and reply grouped, in the order of <paramref name="recipients"/>.</returns>
    public async Task<IReadOnlyList<MessageProcessingOutcome>> DeliverAsync(
        LmtpServer server, string mailFrom, IReadOnlyList<string> recipients, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfZero(recipients.Count);
        var settings = options.Value;
        var results = new Result?[recipients.Count];

        // Addresses that cannot be written into a command line will not improve with time.
        if (!IsWritable(mailFrom, allowEmpty: true))
        {
            Array.Fill(results, new Result(DeliveryOutcome.PermanentFailure, $"The envelope sender <{Printable(mailFrom)}> cannot be delivered"));
            return Grouped(recipients, results);
        }
        for (var i = 0; i < recipients.Count; i++)
        {
            if (!IsWritable(recipients[i], allowEmpty: false))
            {
                results[i] = new Result(DeliveryOutcome.PermanentFailure, "The recipient address cannot be delivered");
            }
        }
        if (results.All(r => r is not null))
        {
            return Grouped(recipients, results);
        }

        LmtpConnection? connection = null;
        var session = new Session(server, mailFrom, recipients, content, results);
        try
        {
            connection = await LmtpConnection.ConnectAsync(server, settings.ConnectTimeout, ct);
            await session.RunAsync(connection, HeloName(settings), settings.CommandTimeout, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var (outcome, reply) = LmtpFailure.Classify(ex, server, settings.ConnectTimeout);
            LogFailed(server.ToString(), reply);
            // The recipients the server had already answered keep their reply; the others share the failure.
            for (var i = 0; i < results.Length; i++)
            {
                results[i] ??= new Result(outcome, reply);
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        var grouped = Grouped(recipients, results);
        LogDelivered(server.ToString(), results.Count(r => r!.Outcome == DeliveryOutcome.Delivered), recipients.Count);
        return grouped;
    }

    private static string HeloName(DeliveryOptions settings) =>
        string.IsNullOrWhiteSpace(settings.HeloName) ? Environment.MachineName : settings.HeloName;

    /// <summary>
    /// No control characters (a CR LF would start a command of its own) and no angle brackets that would end the
    /// path early. Spaces pass: a quoted local part may hold them.
    /// </summary>
    private static bool IsWritable(string? address, bool allowEmpty) =>
        address is not null && (address.Length > 0 || allowEmpty)
        && !address.Any(c => char.IsControl(c) || c is '<' or '>');

    private static string Printable(string? address) =>
        string.Concat((address ?? string.Empty).Select(c => char.IsControl(c) ? '?' : c));

    private static List<MessageProcessingOutcome> Grouped(IReadOnlyList<string> recipients, Result?[] results)
    {
        var outcomes = new List<MessageProcessingOutcome>();
        var byResult = new Dictionary<Result, List<string>>();
        for (var i = 0; i < recipients.Count; i++)
        {
            var result = results[i]!;
            if (!byResult.TryGetValue(result, out var group))
            {
                group = [];
                byResult.Add(result, group);
                outcomes.Add(new MessageProcessingOutcome(group, result.Outcome, result.Reply));
            }
            group.Add(recipients[i]);
        }
        return outcomes;
    }

    private sealed record Result(DeliveryOutcome Outcome, string Reply)
    {
        public static Result Of(LmtpReply reply) => new(reply.Outcome, reply.Text);
    }

    /// <summary>One LMTP transaction; fills in a result for each recipient the server answers.</summary>
    private sealed class Session(LmtpServer server, string mailFrom, IReadOnlyList<string> recipients, Stream content, Result?[] results)
    {
        public async Task RunAsync(LmtpConnection connection, string heloName, TimeSpan commandTimeout, CancellationToken ct)
        {
            // The greeting and LHLO are part of connecting and share its timeout, as for relays.
            LmtpReply greeting, lhlo;
            try
            {
                greeting = await connection.ReadReplyAsync();
                if (greeting.Code != 220)
                {
                    // Like Postfix's smtp_skip_5xx_greeting: a server that will not talk now says nothing about the
                    // recipients, so even a 554 greeting is retried.
                    FailUnanswered(DeliveryOutcome.TemporaryFailure, $"{server} refused the session: {greeting.Text}");
                    return;
                }
                lhlo = await connection.CommandAsync($"LHLO {heloName}");
            }
            catch (TimeoutException)
            {
                throw new RelayFailure.ConnectTimeoutException();
            }
            if (lhlo.Code != 250)
            {
                // Most often not an LMTP server at all (an SMTP port answers LHLO with 500): ours to fix, so retried.
                FailUnanswered(DeliveryOutcome.TemporaryFailure, $"{server} refused LHLO: {lhlo.Text}");
                await QuitAsync(connection);
                return;
            }
            connection.Timeout = commandTimeout;
            var extensions = lhlo.Extensions();
            var smtpUtf8 = extensions.Contains("SMTPUTF8");

            if (!smtpUtf8 && !IsAscii(mailFrom))
            {
                FailUnanswered(DeliveryOutcome.PermanentFailure, $"The envelope sender needs SMTPUTF8, which {server} does not offer");
                await QuitAsync(connection);
                return;
            }
            var needsUtf8 = !IsAscii(mailFrom) || recipients.Any(r => !IsAscii(r));
            var eightBit = false;
            if (extensions.Contains("8BITMIME") || smtpUtf8)
            {
                Rewind();
                var scan = await LmtpData.ScanAsync(content, ct);
                eightBit = scan.EightBit;
                needsUtf8 |= scan.EightBitHeaders;
            }

            var mail = "MAIL FROM:<" + mailFrom + ">";
            if (eightBit && extensions.Contains("8BITMIME"))
            {
                mail += " BODY=8BITMIME";
            }
            if (needsUtf8 && smtpUtf8)
            {
                mail += " SMTPUTF8";
            }
            var mailReply = await connection.CommandAsync(mail);
            if (!mailReply.IsPositive)
            {
                FailUnanswered(mailReply.Outcome, mailReply.Text);
                await QuitAsync(connection);
                return;
            }

            var accepted = new List<int>();
            for (var i = 0; i < recipients.Count; i++)
            {
                if (results[i] is not null)
                {
                    continue;
                }
                if (!smtpUtf8 && !IsAscii(recipients[i]))
                {
                    results[i] = new Result(DeliveryOutcome.PermanentFailure, $"The recipient address needs SMTPUTF8, which {server} does not offer");
                    continue;
                }
                var rcpt = await connection.CommandAsync("RCPT TO:<" + recipients[i] + ">");
                if (rcpt.IsPositive)
                {
                    accepted.Add(i);
                }
                else
                {
                    // A refused recipient keeps its own reply (Dovecot: 550 5.1.1 ... User doesn't exist).
                    results[i] = Result.Of(rcpt);
                }
            }
            if (accepted.Count == 0)
            {
                await QuitAsync(connection);
                return;
            }

            var data = await connection.CommandAsync("DATA");
            if (data.Code != 354)
            {
                if (data.IsPositive)
                {
                    throw new LmtpProtocolException($"the server answered DATA with {data.Text} instead of 354");
                }
                foreach (var i in accepted)
                {
                    results[i] = Result.Of(data);
                }
                await QuitAsync(connection);
                return;
            }
            Rewind();
            await LmtpData.SendAsync(content, connection, ct);

            // RFC 2033 §4.2: after the final ".", one reply per accepted recipient, in RCPT order.
            foreach (var i in accepted)
            {
                results[i] = Result.Of(await connection.ReadReplyAsync());
            }
            await QuitAsync(connection);
        }

        private void Rewind()
        {
            try
            {
                content.Position = 0;
            }
            catch (Exception ex) when (ex is IOException or NotSupportedException or ObjectDisposedException)
            {
                throw new LmtpContentException(ex);
            }
        }

        private void FailUnanswered(DeliveryOutcome outcome, string reply)
        {
            for (var i = 0; i < results.Length; i++)
            {
                results[i] ??= new Result(outcome, reply);
            }
        }

        /// <summary>Every recipient has its result by now: whatever QUIT meets changes none of them.</summary>
        private static async Task QuitAsync(LmtpConnection connection)
        {
            try
            {
                await connection.CommandAsync("QUIT");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The server may close without its 221; the transaction is over either way.
            }
        }

        private static bool IsAscii(string text) => System.Text.Ascii.IsValid(text);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "LMTP delivery to {Server}: {Delivered} of {Recipients} recipients delivered")]
    private partial void LogDelivered(string server, int delivered, int recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LMTP delivery to {Server} failed: {Reason}")]
    private partial void LogFailed(string server, string reason);
}
