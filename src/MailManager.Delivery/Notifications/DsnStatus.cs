using System.Text.RegularExpressions;

namespace MailManager.Delivery.Notifications;

/// <summary>
/// The codes a delivery status notification gives for a failed recipient, derived from the reply the message
/// log stores for it.
/// </summary>
/// <param name="StatusCode">The enhanced status code (RFC 3463), e.g. <c>5.1.1</c>.</param>
/// <param name="ReplyCode">The SMTP reply code, e.g. 550.</param>
/// <param name="IsRemoteReply">True when the reply is an SMTP server's (it starts with a reply code); false for the gateway's own failure texts.</param>
public readonly partial record struct DsnStatus(string StatusCode, int ReplyCode, bool IsRemoteReply)
{
    /// <summary>
    /// How the message log marks a temporary failure that outlived the retry lifetime (MessageProcessingStore):
    /// the reply after it is what the codes come from.
    /// </summary>
    public const string RetryExpiredPrefix = "Retry lifetime expired: ";

    /// <summary>The stored reply without the <see cref="RetryExpiredPrefix"/> mark, trimmed.</summary>
    public static string WithoutExpiry(string? reply)
    {
        var text = reply?.Trim() ?? "";
        return text.StartsWith(RetryExpiredPrefix, StringComparison.Ordinal) ? text[RetryExpiredPrefix.Length..].Trim() : text;
    }

    /// <summary>The Diagnostic-Code type for failures no SMTP server reported (RFC 3464 §2.3.6 allows <c>X-</c> types; Postfix writes <c>X-Postfix</c>).</summary>
    public const string GatewayDiagnosticType = "X-MailManager";

    /// <summary>
    /// The codes for a stored reply (a <see cref="RetryExpiredPrefix"/> mark is looked past). A server's reply (<c>550 5.1.1 &lt;x@y&gt;: Recipient address rejected</c>)
    /// gives its own reply code and enhanced code; without an enhanced code it is <c>5.0.0</c> or <c>4.0.0</c>
    /// after the reply's class. The class of a server's reply wins over <paramref name="permanent"/>: a 4xx that
    /// outlived the retry lifetime is reported with its 4.x.x status, as Postfix does.
    /// <para>
    /// The gateway's own texts (see RelayFailure and MessageProcessor) carry no code; they get the RFC 3463 code
    /// of the situation, in class 5 when <paramref name="permanent"/>, else 4, and reply code 554 or 451:
    /// </para>
    /// <list type="bullet">
    /// <item>connection refused, no connection within the timeout, could not connect: X.4.1 (no answer from host)</item>
    /// <item>server name not resolved: 4.4.3 (directory server failure) or 5.4.4 (unable to route)</item>
    /// <item>did not answer in time, connection broken: X.4.2 (bad connection)</item>
    /// <item>TLS handshake failed: X.7.5 (cryptographic failure)</item>
    /// <item>authentication to the relay failed: X.7.0 (other security status)</item>
    /// <item>a feature the server does not support: X.3.3 (system not capable of selected features)</item>
    /// <item>SMTP protocol error: X.5.0 (other protocol status)</item>
    /// <item>the envelope sender cannot be relayed: X.1.7; a recipient address cannot be relayed: X.1.3 (bad address syntax)</item>
    /// <item>the relay no longer exists, its secret lacks the credentials: X.3.5 (system incorrectly configured)</item>
    /// <item>the spooled file is missing, an internal error: X.3.0 (other mail system status)</item>
    /// <item>anything else: X.0.0</item>
    /// </list>
    /// </summary>
    public static DsnStatus FromReply(string? reply, bool permanent)
    {
        var text = WithoutExpiry(reply);
        var match = ServerReply().Match(text);
        if (match.Success)
        {
            var replyCode = int.Parse(match.Groups["code"].ValueSpan, provider: null);
            if (replyCode >= 400)
            {
                var replyClass = match.Groups["code"].Value[0];
                var status = match.Groups["enhanced"].Success
                    ? $"{replyClass}.{int.Parse(match.Groups["subject"].ValueSpan, provider: null)}.{int.Parse(match.Groups["detail"].ValueSpan, provider: null)}"
                    : $"{replyClass}.0.0";
                return new DsnStatus(status, replyCode, true);
            }
            // A 2xx or 3xx reply is no failure reply (a server answering out of turn): only the class is ours to say.
            return new DsnStatus(permanent ? "5.0.0" : "4.0.0", permanent ? 554 : 451, true);
        }
        var klass = permanent ? '5' : '4';
        var subjectDetail = GatewaySubjectDetail(text, permanent);
        return new DsnStatus($"{klass}.{subjectDetail}", permanent ? 554 : 451, false);
    }

    private static string GatewaySubjectDetail(string text, bool permanent)
    {
        bool Has(string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
        if (Has("could not be resolved"))
        {
            return permanent ? "4.4" : "4.3";
        }
        if (Has("Connection refused") || Has("No connection to") || Has("Could not connect"))
        {
            return "4.1";
        }
        if (Has("did not answer in time") || (text.StartsWith("Connection to ", StringComparison.OrdinalIgnoreCase) && Has(" failed")))
        {
            return "4.2";
        }
        if (Has("TLS handshake"))
        {
            return "7.5";
        }
        if (text.StartsWith("Authentication to ", StringComparison.OrdinalIgnoreCase))
        {
            return "7.0";
        }
        if (text.StartsWith("Not supported by ", StringComparison.OrdinalIgnoreCase))
        {
            return "3.3";
        }
        if (Has("SMTP protocol error"))
        {
            return "5.0";
        }
        if (text.StartsWith("The envelope sender ", StringComparison.OrdinalIgnoreCase) && Has("cannot be relayed"))
        {
            return "1.7";
        }
        if (Has("recipient address cannot be relayed"))
        {
            return "1.3";
        }
        if (Has("no longer exists") || Has("no longer holds"))
        {
            return "3.5";
        }
        if (Has("missing from the spool") || text.StartsWith("Internal error", StringComparison.OrdinalIgnoreCase))
        {
            return "3.0";
        }
        return "0.0";
    }

    // A reply code, then optionally an enhanced code of the same shape RFC 3463 gives (class.subject.detail).
    [GeneratedRegex(@"^(?<code>[2-5][0-9][0-9])(?:[ -]+(?<enhanced>[245]\.(?<subject>[0-9]{1,3})\.(?<detail>[0-9]{1,3}))(?=[ \t]|$)|(?=[ \t-]|$))")]
    private static partial Regex ServerReply();
}
