using System.Globalization;

namespace MailManager.Smtp.Internal;

/// <summary>MAIL FROM and RCPT TO.</summary>
internal sealed partial class SmtpSession
{
    private void Mail(string arguments)
    {
        if (Info.HeloName is null)
        {
            _channel.WriteReply(503, "5.5.1", "Send HELO/EHLO first");
            return;
        }

        if (_endpoint.TlsPolicy == SmtpTlsPolicy.Required && !Info.IsTls)
        {
            _channel.WriteReply(530, "5.7.0", "Must issue a STARTTLS command first");
            return;
        }

        if (_endpoint.AuthMode == SmtpAuthMode.Authenticated && !Info.IsAuthenticated)
        {
            _channel.WriteReply(530, "5.7.0", "Authentication required");
            return;
        }

        if (_transaction is not null)
        {
            _channel.WriteReply(503, "5.5.1", "Nested MAIL command");
            return;
        }

        if (!SmtpPathParser.TrySplit(arguments, "FROM:", out string address, out string[] parameters)
            || (address.Length > 0 && !SmtpPathParser.IsValidMailbox(address)))
        {
            _channel.WriteReply(501, "5.1.7", "Bad sender address syntax");
            return;
        }

        long? declaredSize = null;
        SmtpBodyType body = SmtpBodyType.Unspecified;
        bool smtpUtf8 = false;
        foreach (string parameter in parameters)
        {
            string[] pair = parameter.Split('=', 2);
            string? value = pair.Length > 1 ? pair[1] : null;
            switch (pair[0].ToUpperInvariant())
            {
                case "SIZE" when value is not null && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long size):
                    declaredSize = size;
                    break;
                case "BODY" when string.Equals(value, "7BIT", StringComparison.OrdinalIgnoreCase):
                    body = SmtpBodyType.SevenBit;
                    break;
                case "BODY" when string.Equals(value, "8BITMIME", StringComparison.OrdinalIgnoreCase):
                    body = SmtpBodyType.EightBitMime;
                    break;
                case "SMTPUTF8" when value is null:
                    smtpUtf8 = true;
                    break;
                case "AUTH":
                    // RFC 4954 section 5: a server that does not trust the claimed submitter may ignore AUTH=.
                    break;
                case "SIZE" or "BODY" or "SMTPUTF8":
                    _channel.WriteReply(501, "5.5.4", $"Invalid {pair[0].ToUpperInvariant()} parameter");
                    return;
                default:
                    _channel.WriteReply(555, "5.5.4", "Unsupported MAIL parameter");
                    return;
            }
        }

        if (!smtpUtf8 && SmtpPathParser.IsNonAscii(address))
        {
            _channel.WriteReply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
            return;
        }

        if (declaredSize > MaxMessageSize)
        {
            _channel.WriteReply(552, "5.3.4", "Message size exceeds fixed maximum message size");
            return;
        }

        _transaction = new SmtpTransaction(address, body, smtpUtf8);
        _channel.WriteReply(250, "2.1.0", "Ok");
    }

    private async ValueTask RecipientAsync(string arguments)
    {
        if (_transaction is not { } transaction)
        {
            _channel.WriteReply(503, "5.5.1", "Need MAIL command");
            return;
        }

        if (!await AcceptRecipientAsync(transaction, arguments).ConfigureAwait(false))
        {
            // DATA after recipients that were all refused is answered "no valid recipients" (RFC 5321 3.3).
            transaction.RefusedRecipients++;
        }
    }

    /// <summary>Checks one RCPT and replies; returns whether the recipient joined the transaction.</summary>
    private async ValueTask<bool> AcceptRecipientAsync(SmtpTransaction transaction, string arguments)
    {

        if (!SmtpPathParser.TrySplit(arguments, "TO:", out string address, out string[] parameters)
            || !(SmtpPathParser.IsValidMailbox(address) || string.Equals(address, "postmaster", StringComparison.OrdinalIgnoreCase)))
        {
            _channel.WriteReply(501, "5.1.3", "Bad recipient address syntax");
            return false;
        }

        if (parameters.Length > 0)
        {
            _channel.WriteReply(555, "5.5.4", "Unsupported RCPT parameter");
            return false;
        }

        if (!transaction.SmtpUtf8 && SmtpPathParser.IsNonAscii(address))
        {
            _channel.WriteReply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8");
            return false;
        }

        if (transaction.Recipients.Count >= _options.MaxRecipients)
        {
            _channel.WriteReply(452, "4.5.3", "Too many recipients");
            return false;
        }

        if (_policy.CheckRecipient is { } check)
        {
            SmtpReply? verdict;
            try
            {
                verdict = await check(Info, transaction.MailFrom, address, _work.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_abort.IsCancellationRequested)
            {
                LogHandlerFailed(_logger, ex, Info.SessionId, nameof(SmtpSessionPolicy.CheckRecipient));
                _channel.WriteReply(451, "4.3.0", "Temporary failure checking recipient, try again later");
                return false;
            }

            if (verdict is { IsFailure: true })
            {
                _channel.WriteReply(verdict.Code, verdict.EnhancedStatusCode, verdict.Message);
                return false;
            }
        }

        transaction.Recipients.Add(address);
        _channel.WriteReply(250, "2.1.5", "Ok");
        return true;
    }
}
