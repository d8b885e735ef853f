namespace MailManager.Smtp.Internal;

/// <summary>DATA: streams the body into the host's sink and commits it before answering 250.</summary>
internal sealed partial class SmtpSession
{
    private async ValueTask<bool> DataAsync(string arguments)
    {
        if (arguments.Length > 0)
        {
            _channel.WriteReply(501, "5.5.4", "Syntax: DATA");
            return true;
        }

        if (_transaction is null)
        {
            _channel.WriteReply(503, "5.5.1", "Need MAIL command");
            return true;
        }

        if (_transaction.Recipients.Count == 0)
        {
            if (_transaction.RefusedRecipients > 0)
            {
                _channel.WriteReply(554, "5.5.1", "No valid recipients");
            }
            else
            {
                _channel.WriteReply(503, "5.5.1", "Need RCPT command");
            }

            return true;
        }

        // The transaction ends with DATA whatever its outcome (RFC 5321 4.1.1.4).
        SmtpTransaction transaction = _transaction;
        _transaction = null;
        string messageId = $"{Info.SessionId}.{++_messageCount}";

        ISmtpMessageSink sink;
        try
        {
            sink = await _handler.OpenMessageAsync(Info, _work.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            LogHandlerFailed(_logger, ex, Info.SessionId, nameof(ISmtpEndpointHandler.OpenMessageAsync));
            _channel.WriteReply(451, "4.3.0", "Local error in processing, try again later");
            return true;
        }

        bool committed = false;
        try
        {
            _channel.WriteReply(354, null, "End data with <CR><LF>.<CR><LF>");
            MessageWriter writer = new(sink.Content, MaxMessageSize, _work.Token);
            await writer.WriteHeaderAsync(ReceivedHeader.Build(Info, transaction, ServerName, messageId, DateTimeOffset.UtcNow)).ConfigureAwait(false);

            DataBodyDecoder decoder = new(_options.MaxDataLineLength);
            if (!await _channel.ReadDataAsync(decoder, writer.WriteBodyAsync, _busyRead).ConfigureAwait(false))
            {
                return false; // the client hung up mid-message
            }

            DateTimeOffset receivedAt = DateTimeOffset.UtcNow;
            string? refusal = writer.SizeExceeded ? "size limit"
                : decoder.HasBareLineEnding ? "bare CR or LF"
                : decoder.HasLineTooLong ? "line too long"
                : writer.Failure is not null ? "sink write failed"
                : null;
            if (refusal is not null)
            {
                LogMessageRefused(_logger, Info.SessionId, messageId, refusal);
                (_refusedMessages ??= []).Add(new SmtpRefusedMessage(
                    transaction.MailFrom, transaction.Recipients.ToArray(),
                    writer.SizeExceeded ? SmtpMessageRefusal.SizeExceeded
                        : decoder.HasBareLineEnding ? SmtpMessageRefusal.BareLineEnding
                        : decoder.HasLineTooLong ? SmtpMessageRefusal.LineTooLong
                        : SmtpMessageRefusal.LocalError,
                    MaxMessageSize, writer.BodyBytes, receivedAt));
                if (writer.Failure is not null)
                {
                    LogHandlerFailed(_logger, writer.Failure, Info.SessionId, "Content.WriteAsync");
                }

                if (writer.SizeExceeded)
                {
                    _channel.WriteReply(552, "5.3.4", "Message size exceeds fixed maximum message size");
                }
                else if (decoder.HasBareLineEnding)
                {
                    _channel.WriteReply(550, "5.6.0", "Message contains bare CR or LF characters; lines must end with CRLF");
                }
                else if (decoder.HasLineTooLong)
                {
                    _channel.WriteReply(500, "5.5.2", "Line too long");
                }
                else
                {
                    _channel.WriteReply(451, "4.3.0", "Local error in processing, try again later");
                }

                return true;
            }

            string queueId;
            try
            {
                await sink.Content.FlushAsync(_work.Token).ConfigureAwait(false);

                // Replies owed to the client go out before a commit that may wait for a group fsync.
                await _channel.FlushAsync(_work.Token).ConfigureAwait(false);
                SmtpEnvelope envelope = new()
                {
                    EndpointId = _endpoint.EndpointId,
                    SessionId = Info.SessionId,
                    RemoteAddress = Info.RemoteEndPoint.Address,
                    HeloName = Info.HeloName ?? string.Empty,
                    TlsProtocol = Info.TlsProtocol,
                    TlsCipherSuite = Info.TlsCipherSuite,
                    AuthenticatedUser = Info.AuthenticatedUser,
                    MailFrom = transaction.MailFrom,
                    Recipients = transaction.Recipients.ToArray(),
                    SizeBytes = writer.BytesWritten,
                    BodyType = transaction.BodyType,
                    SmtpUtf8 = transaction.SmtpUtf8,
                    ReceivedAt = receivedAt,
                };
                queueId = await sink.CommitAsync(envelope, _work.Token).ConfigureAwait(false);
                committed = true;
            }
            catch (Exception ex) when (!_abort.IsCancellationRequested)
            {
                LogHandlerFailed(_logger, ex, Info.SessionId, nameof(ISmtpMessageSink.CommitAsync));
                _channel.WriteReply(451, "4.3.0", "Local error in processing, try again later");
                return true;
            }

            _acceptedCount++;
            LogMessageQueued(_logger, Info.SessionId, messageId, queueId, writer.BytesWritten);
            _channel.WriteReply(250, "2.0.0", $"Ok: queued as {SanitizeQueueId(queueId)}");
            return true;
        }
        finally
        {
            if (!committed)
            {
                try
                {
                    await sink.DiscardAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LogDiscardFailed(_logger, ex, Info.SessionId, messageId);
                }
            }

            try
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogHandlerFailed(_logger, ex, Info.SessionId, "sink.DisposeAsync");
            }
        }
    }

    private static string SanitizeQueueId(string? queueId)
    {
        if (string.IsNullOrWhiteSpace(queueId))
        {
            return "unknown";
        }

        return string.Create(queueId.Length, queueId, static (span, id) =>
        {
            for (int i = 0; i < id.Length; i++)
            {
                span[i] = char.IsControl(id[i]) || char.IsWhiteSpace(id[i]) ? '_' : id[i];
            }
        });
    }
}
