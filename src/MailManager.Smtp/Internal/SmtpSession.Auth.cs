using System.Text;

namespace MailManager.Smtp.Internal;

/// <summary>AUTH LOGIN and AUTH PLAIN (RFC 4954, RFC 4616, and the LOGIN exchange SES documents).</summary>
internal sealed partial class SmtpSession
{
    private const string UsernameChallenge = "VXNlcm5hbWU6"; // "Username:"
    private const string PasswordChallenge = "UGFzc3dvcmQ6"; // "Password:"

    private enum AuthAnswer
    {
        Ok,
        Cancelled,
        BadBase64,
        TooLong,
        Closed,
    }

    private async ValueTask<bool> AuthAsync(string arguments)
    {
        if (_endpoint.AuthMode == SmtpAuthMode.Open)
        {
            _channel.WriteReply(503, "5.5.1", "Authentication not enabled on this endpoint");
            return true;
        }

        if (!Info.IsExtendedHello)
        {
            _channel.WriteReply(503, "5.5.1", "Send EHLO first");
            return true;
        }

        if (Info.IsAuthenticated)
        {
            _channel.WriteReply(503, "5.5.1", "Already authenticated");
            return true;
        }

        if (_transaction is not null)
        {
            _channel.WriteReply(503, "5.5.1", "AUTH not permitted during a mail transaction");
            return true;
        }

        if (!Info.IsTls && !_options.AllowPlaintextAuth)
        {
            // RFC 4954 section 6: the mechanism is refused until the channel is encrypted.
            _channel.WriteReply(538, "5.7.11", "Encryption required for requested authentication mechanism");
            return true;
        }

        string[] parts = arguments.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            _channel.WriteReply(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
            return true;
        }

        string? initialResponse = parts.Length > 1 ? parts[1].Trim() : null;
        string username;
        string password;
        switch (parts[0].ToUpperInvariant())
        {
            case "LOGIN":
            {
                (AuthAnswer answer, byte[] user) = initialResponse is null
                    ? await ChallengeAsync(UsernameChallenge).ConfigureAwait(false)
                    : Decode(initialResponse);
                if (answer != AuthAnswer.Ok)
                {
                    return ReportAuthAnswer(answer);
                }

                (answer, byte[] pass) = await ChallengeAsync(PasswordChallenge).ConfigureAwait(false);
                if (answer != AuthAnswer.Ok)
                {
                    return ReportAuthAnswer(answer);
                }

                username = Encoding.UTF8.GetString(user);
                password = Encoding.UTF8.GetString(pass);
                break;
            }

            case "PLAIN":
            {
                (AuthAnswer answer, byte[] response) = initialResponse is null
                    ? await ChallengeAsync(string.Empty).ConfigureAwait(false)
                    : Decode(initialResponse);
                if (answer != AuthAnswer.Ok)
                {
                    return ReportAuthAnswer(answer);
                }

                // authzid NUL authcid NUL passwd (RFC 4616).
                string[] fields = Encoding.UTF8.GetString(response).Split('\0');
                if (fields.Length != 3 || fields[1].Length == 0)
                {
                    _channel.WriteReply(501, "5.5.2", "Invalid PLAIN response");
                    return true;
                }

                if (fields[0].Length > 0 && fields[0] != fields[1])
                {
                    // Acting for another identity is not supported: treat it as wrong credentials.
                    return await AuthFailedAsync(fields[1]).ConfigureAwait(false);
                }

                username = fields[1];
                password = fields[2];
                break;
            }

            default:
                _channel.WriteReply(504, "5.5.4", "Unrecognized authentication type");
                return true;
        }

        bool valid;
        try
        {
            valid = await _handler.AuthenticateAsync(_endpoint.EndpointId, username, password, _work.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_abort.IsCancellationRequested)
        {
            LogHandlerFailed(_logger, ex, Info.SessionId, nameof(ISmtpEndpointHandler.AuthenticateAsync));
            _channel.WriteReply(454, "4.7.0", "Temporary authentication failure");
            return true;
        }

        if (!valid)
        {
            return await AuthFailedAsync(username).ConfigureAwait(false);
        }

        Info.AuthenticatedUser = username;
        _channel.WriteReply(235, "2.7.0", "Authentication successful");
        return true;
    }

    private async ValueTask<bool> AuthFailedAsync(string username)
    {
        _failedAuthAttempts++;
        LogAuthFailed(_logger, Info.SessionId, username, _failedAuthAttempts);
        if (_failedAuthAttempts >= _options.MaxFailedAuthAttempts)
        {
            _end = SmtpSessionEnd.TooManyFailedAuthentications;
            // The attempt that reaches the limit is answered with 421 instead of 535, so the client is told once why it is cut off.
            await CloseWithAsync(421, "4.7.0", $"{ServerName} Too many failed authentication attempts, closing connection").ConfigureAwait(false);
            return false;
        }

        _channel.WriteReply(535, "5.7.8", "Authentication credentials invalid");
        return true;
    }

    private bool ReportAuthAnswer(AuthAnswer answer)
    {
        switch (answer)
        {
            case AuthAnswer.Cancelled:
                _channel.WriteReply(501, "5.7.0", "Authentication cancelled");
                return true;
            case AuthAnswer.BadBase64:
                _channel.WriteReply(501, "5.5.2", "Cannot decode response");
                return true;
            case AuthAnswer.TooLong:
                _channel.WriteReply(500, "5.5.6", "Authentication exchange line is too long");
                return true;
            default:
                return false;
        }
    }

    private async ValueTask<(AuthAnswer Answer, byte[] Value)> ChallengeAsync(string challenge)
    {
        _channel.WriteReply(334, null, challenge);
        SmtpLine line = await _channel.ReadLineAsync(_options.MaxLineLength, _busyRead).ConfigureAwait(false);
        return line.Status switch
        {
            SmtpLineStatus.Closed => (AuthAnswer.Closed, []),
            SmtpLineStatus.TooLong => (AuthAnswer.TooLong, []),
            _ => Decode(line.Text.Trim()),
        };
    }

    private static (AuthAnswer Answer, byte[] Value) Decode(string text)
    {
        if (text == "*")
        {
            return (AuthAnswer.Cancelled, []);
        }

        // "=" is RFC 4954's way to send an empty initial response.
        if (text == "=")
        {
            return (AuthAnswer.Ok, []);
        }

        byte[] buffer = new byte[(text.Length * 3 / 4) + 3];
        return text.Length > 0 && Convert.TryFromBase64String(text, buffer, out int written)
            ? (AuthAnswer.Ok, buffer[..written])
            : (AuthAnswer.BadBase64, []);
    }
}
