namespace MailManager.Core.Messages;

/// <summary>
/// Decides whether a delivery status notification may go to a message's envelope sender. Bounces must never
/// go to the null sender (RFC 5321 §4.5.5, RFC 3464 §2), never answer an automatic message (RFC 3834 §2:
/// <c>Auto-Submitted</c> other than <c>no</c>, and by long practice <c>Precedence: bulk|junk|list</c>), never
/// answer a DSN (which would start a loop between two gateways), and never go to a mailer daemon or postmaster
/// address, which is where other systems' bounces come from. Works on the stored header block alone, so the
/// caller needs no MIME parser.
/// </summary>
public static class BounceGuard
{
    /// <summary>Local parts that identify a mail system rather than a person (compared without case).</summary>
    private static readonly string[] SystemLocalParts = ["mailer-daemon", "mailer_daemon", "mailerdaemon", "postmaster"];

    private static readonly string[] BulkPrecedences = ["bulk", "junk", "list"];

    /// <summary>
    /// Null when a DSN may be sent to <paramref name="envelopeFrom"/>; otherwise the reason not to, worded for
    /// the message log.
    /// </summary>
    /// <param name="envelopeFrom">The MAIL FROM address without brackets; empty (or <c>&lt;&gt;</c>) for the null sender.</param>
    /// <param name="headerBlock">The original message's header section (CRLF or LF line ends; a body after the blank line is ignored).</param>
    public static string? WhyNot(string envelopeFrom, string? headerBlock)
    {
        var sender = envelopeFrom.Trim();
        if (sender.Length == 0 || sender == "<>")
        {
            return "The envelope sender is the null sender <>, which never receives a delivery status notification";
        }
        var at = sender.LastIndexOf('@');
        var localPart = (at < 0 ? sender : sender[..at]).Trim('<', '"');
        if (SystemLocalParts.Contains(localPart, StringComparer.OrdinalIgnoreCase))
        {
            return $"The envelope sender <{sender.Trim('<', '>')}> is a mail system address, which never receives a delivery status notification";
        }

        foreach (var (name, value) in Fields(headerBlock))
        {
            if (name.Equals("Auto-Submitted", StringComparison.OrdinalIgnoreCase)
                && FirstToken(value) is var keyword && !keyword.Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                return $"The message is automatic (Auto-Submitted: {(keyword.Length == 0 ? "(empty)" : keyword)}), so no delivery status notification is sent";
            }
            if (name.Equals("Precedence", StringComparison.OrdinalIgnoreCase)
                && FirstToken(value) is var precedence && BulkPrecedences.Contains(precedence, StringComparer.OrdinalIgnoreCase))
            {
                return $"The message is bulk mail (Precedence: {precedence.ToLowerInvariant()}), so no delivery status notification is sent";
            }
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && IsDeliveryStatusReport(value))
            {
                return "The message is itself a delivery status notification, so none is sent about it";
            }
        }
        return null;
    }

    /// <summary>The header fields of the block, unfolded (RFC 5322 §2.2.3), in order.</summary>
    private static IEnumerable<(string Name, string Value)> Fields(string? headerBlock)
    {
        if (string.IsNullOrEmpty(headerBlock))
        {
            yield break;
        }
        string? name = null;
        var value = new System.Text.StringBuilder();
        foreach (var rawLine in headerBlock.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                break; // The blank line ends the header section.
            }
            if (line[0] is ' ' or '\t')
            {
                // A continuation line: unfolding removes only the line break.
                value.Append(line);
                continue;
            }
            if (name is not null)
            {
                yield return (name, value.ToString().Trim());
            }
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                // Not a field (a stray line, or an mbox "From " line): skipped, it carries nothing to judge.
                name = null;
                value.Clear();
                continue;
            }
            name = line[..colon].TrimEnd();
            value.Clear().Append(line, colon + 1, line.Length - colon - 1);
        }
        if (name is not null)
        {
            yield return (name, value.ToString().Trim());
        }
    }

    /// <summary>The field's first word, without comments or parameters: <c>auto-generated (cron); x=1</c> gives <c>auto-generated</c>.</summary>
    private static string FirstToken(string value)
    {
        var text = StripComments(value).Trim();
        var end = text.IndexOfAny([';', ' ', '\t']);
        return end < 0 ? text : text[..end];
    }

    private static bool IsDeliveryStatusReport(string value)
    {
        var parts = StripComments(value).Split(';');
        if (!parts[0].Trim().Equals("multipart/report", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=');
            if (equals > 0
                && parameter[..equals].Trim().Equals("report-type", StringComparison.OrdinalIgnoreCase)
                && parameter[(equals + 1)..].Trim().Trim('"').Equals("delivery-status", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Removes RFC 5322 comments (nested parentheses), leaving quoted strings alone.</summary>
    private static string StripComments(string value)
    {
        if (!value.Contains('('))
        {
            return value;
        }
        var result = new System.Text.StringBuilder(value.Length);
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length && (quoted || depth > 0))
            {
                if (depth == 0)
                {
                    result.Append(c).Append(value[i + 1]);
                }
                i++;
            }
            else if (c == '"' && depth == 0)
            {
                quoted = !quoted;
                result.Append(c);
            }
            else if (c == '(' && !quoted)
            {
                depth++;
            }
            else if (c == ')' && !quoted && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}
