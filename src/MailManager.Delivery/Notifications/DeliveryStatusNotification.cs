using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace MailManager.Delivery.Notifications;

/// <summary>
/// Builds the delivery status notification (RFC 3464) the gateway sends to a sender whose mail it accepted but
/// could not deliver: a <c>multipart/report; report-type=delivery-status</c> (RFC 6522) with a text/plain
/// explanation, the <c>message/delivery-status</c> fields, and the original message's header section as
/// <c>text/rfc822-headers</c>. The body of the original is not returned, as Postfix's default: the headers
/// identify it, and returning content would let a forged sender make the gateway send it to a third party.
/// The result is 7-bit clean, so any relay accepts it without 8BITMIME, and is sent with the null sender
/// (<c>MAIL FROM:&lt;&gt;</c>, RFC 5321 §4.5.5) so that it can never itself bounce.
/// </summary>
public static class DeliveryStatusNotification
{
    public const string FailedSubject = "Undelivered Mail Returned to Sender";
    public const string DelayedSubject = "Delayed Mail (still being retried)";

    /// <summary>The From display name, as Postfix's.</summary>
    public const string SenderName = "Mail Delivery System";

    /// <summary>The per-message field naming the gateway's ID of the original message (an extension field, RFC 3464 §2.4).</summary>
    public const string MessageIdField = "X-MailManager-Message-Id";

    /// <summary>The notification for <paramref name="request"/>, dated <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentException">No recipients, or a From or To address MimeKit cannot write.</exception>
    public static MimeMessage Create(DsnRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Recipients.Count == 0)
        {
            throw new ArgumentException("A delivery status notification reports on at least one recipient.", nameof(request));
        }
        var host = Printable(request.ReportingMta) is { Length: > 0 } reporting ? reporting : Printable(Environment.MachineName);
        var original = ReadHeaders(request.OriginalHeaders);

        var message = new MimeMessage
        {
            Subject = request.Action == DsnAction.Failed ? FailedSubject : DelayedSubject,
            Date = now,
            MessageId = MimeUtils.GenerateMessageId(host),
        };
        message.From.Add(new MailboxAddress(SenderName, Address(request.From, nameof(DsnRequest.From))));
        message.To.Add(new MailboxAddress("", Address(request.To, nameof(DsnRequest.To))));
        // RFC 3834 §5: a response to a message is auto-replied; receivers' own guards (BounceGuard) see it.
        message.Headers.Add("Auto-Submitted", "auto-replied");
        if (original.MessageId is { } originalId)
        {
            message.InReplyTo = originalId;
            message.References.Add(originalId);
        }

        var report = new MultipartReport("delivery-status")
        {
            HumanPart(request, host, original.Subject),
            StatusPart(request, host),
            HeadersPart(request.OriginalHeaders),
        };
        message.Body = report;
        message.Prepare(EncodingConstraint.SevenBit);
        return message;
    }

    /// <summary>Writes the message as sent on the wire (CRLF line ends), ready for <c>RelayDeliveryRequest.Content</c>.</summary>
    public static async Task WriteToAsync(MimeMessage message, Stream stream, CancellationToken ct)
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        await message.WriteToAsync(format, stream, ct);
    }

    /// <summary>The message's bytes in a seekable stream at position 0, as the relay deliverer takes them.</summary>
    public static async Task<MemoryStream> ToStreamAsync(MimeMessage message, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await WriteToAsync(message, stream, ct);
        stream.Position = 0;
        return stream;
    }

    private static TextPart HumanPart(DsnRequest request, string host, string? subject)
    {
        var text = new StringBuilder();
        text.Append("This is the mail system at host ").Append(host).Append(".\n\n");
        if (!string.IsNullOrWhiteSpace(request.HumanMessage))
        {
            text.Append(request.HumanMessage.ReplaceLineEndings("\n").TrimEnd()).Append("\n\n");
        }
        else if (request.Action == DsnAction.Failed)
        {
            text.Append("I'm sorry to have to inform you that your message could not\n")
                .Append("be delivered to one or more recipients. The headers of your\n")
                .Append("message are attached below.\n\n");
        }
        else
        {
            text.Append("####### THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #######\n\n")
                .Append("Your message could not be delivered yet to one or more recipients.\n")
                .Append("The mail system will keep trying to deliver it.\n\n");
        }
        if (!string.IsNullOrWhiteSpace(subject))
        {
            text.Append("Subject: ").Append(OneLine(subject)).Append('\n');
        }
        text.Append("Arrival date: ").Append(DateUtils.FormatDate(request.ArrivalDate)).Append("\n\n");
        text.Append("                   The mail system\n\n");
        foreach (var recipient in request.Recipients)
        {
            text.Append('<').Append(recipient.Address).Append(">: ");
            if (recipient.RemoteMta is { Length: > 0 } remote && recipient.DiagnosticType == "smtp")
            {
                text.Append("host ").Append(remote).Append(" said: ");
            }
            text.Append(OneLine(recipient.Diagnostic)).Append("\n\n");
        }
        var part = new TextPart("plain") { ContentDescription = "Notification" };
        part.SetText(Encoding.UTF8, text.ToString());
        return part;
    }

    private static MessageDeliveryStatus StatusPart(DsnRequest request, string host)
    {
        var status = new MessageDeliveryStatus { ContentDescription = "Delivery report" };
        var perMessage = new HeaderList
        {
            { "Reporting-MTA", $"dns; {host}" },
            { MessageIdField, Printable(request.OriginalMessageId) },
            { "Arrival-Date", DateUtils.FormatDate(request.ArrivalDate) },
        };
        status.StatusGroups.Add(perMessage);
        var action = request.Action == DsnAction.Failed ? "failed" : "delayed";
        foreach (var recipient in request.Recipients)
        {
            var fields = new HeaderList();
            if (recipient.OriginalRecipient is { Length: > 0 } originalRecipient)
            {
                fields.Add("Original-Recipient", AddressField(originalRecipient));
            }
            fields.Add("Final-Recipient", AddressField(recipient.Address));
            fields.Add("Action", action);
            fields.Add("Status", recipient.StatusCode);
            if (recipient.RemoteMta is { Length: > 0 } remote)
            {
                fields.Add("Remote-MTA", $"dns; {Printable(remote)}");
            }
            fields.Add("Diagnostic-Code", DiagnosticCode(recipient));
            if (recipient.LastAttemptDate is { } lastAttempt)
            {
                fields.Add("Last-Attempt-Date", DateUtils.FormatDate(lastAttempt));
            }
            if (request.Action == DsnAction.Delayed && recipient.WillRetryUntil is { } until)
            {
                fields.Add("Will-Retry-Until", DateUtils.FormatDate(until));
            }
            status.StatusGroups.Add(fields);
        }
        // MimeKit ends the last group with a blank line too, which MimeKit's own parser and Python's email
        // package both read back as one more, empty, recipient block. Without it the last field ends with the
        // line break the boundary delimiter takes (RFC 2046 §5.1.1), as the other parts do.
        using var written = new MemoryStream();
        (status.Content ?? throw new InvalidOperationException("MimeKit wrote no delivery-status content.")).DecodeTo(written);
        var length = (int)written.Length;
        var bytes = written.GetBuffer();
        while (length > 0 && bytes[length - 1] is (byte)'\r' or (byte)'\n')
        {
            length--;
        }
        status.Content = new MimeContent(new MemoryStream(bytes[..length].ToArray(), writable: false));
        return status;
    }

    /// <summary>
    /// <c>smtp; 550 5.1.1 text</c>: a server's reply as it was (it starts with its code), a Bounce action's
    /// diagnostic after its codes; the gateway's own texts under their own type.
    /// </summary>
    private static string DiagnosticCode(DsnRecipient recipient)
    {
        var text = Printable(recipient.Diagnostic);
        if (recipient.DiagnosticType != "smtp")
        {
            return $"{recipient.DiagnosticType}; {text}";
        }
        var code = recipient.SmtpReplyCode.ToString(CultureInfo.InvariantCulture);
        var startsWithCode = text.StartsWith(code, StringComparison.Ordinal) && (text.Length == code.Length || text[code.Length] is ' ' or '-');
        return startsWithCode ? $"smtp; {text}" : $"smtp; {code} {recipient.StatusCode} {text}".TrimEnd();
    }

    /// <summary>An ASCII address as <c>rfc822; …</c>; one with non-ASCII characters as <c>utf-8; …</c> with RFC 6533 escapes.</summary>
    private static string AddressField(string address)
    {
        var printable = Printable(address);
        return address.All(c => c is >= ' ' and <= '~') ? $"rfc822; {printable}" : $"utf-8; {printable}";
    }

    /// <summary>
    /// A plain MIME part rather than MimeKit's <see cref="TextRfc822Headers"/> (a message part, which must stay
    /// 8-bit): the section is returned byte for byte, and the rare raw UTF-8 header (SMTPUTF8 mail) is then
    /// quoted-printable encoded like any text part, keeping the notification 7-bit.
    /// </summary>
    private static MimePart HeadersPart(string headers)
    {
        var text = headers.ReplaceLineEndings("\r\n").TrimEnd('\r', '\n');
        var bytes = Encoding.UTF8.GetBytes(text.Length == 0 ? "" : text + "\r\n");
        return new MimePart("text", "rfc822-headers")
        {
            ContentDescription = "Undelivered Message Headers",
            Content = new MimeContent(new MemoryStream(bytes, writable: false)),
        };
    }

    private static (string? MessageId, string? Subject) ReadHeaders(string headers)
    {
        if (string.IsNullOrWhiteSpace(headers))
        {
            return (null, null);
        }
        try
        {
            // The blank line tells the parser where the section ends, whether or not the stored block has one.
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(headers.ReplaceLineEndings("\r\n").TrimEnd('\r', '\n') + "\r\n\r\n"));
            var list = HeaderList.Load(stream);
            var messageId = list[HeaderId.MessageId] is { } id ? MimeUtils.EnumerateReferences(id).FirstOrDefault() : null;
            return (messageId, list[HeaderId.Subject]);
        }
        catch (FormatException)
        {
            // Headers MimeKit cannot read are still returned in the headers part; only the quoting is lost.
            return (null, null);
        }
    }

    private static string Address(string address, string field)
    {
        try
        {
            return new MailboxAddress("", address).Address;
        }
        catch (ParseException ex)
        {
            throw new ArgumentException($"The {field} address <{address}> cannot be written in a message header.", field, ex);
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// One line of printable ASCII for a delivery-status field (RFC 3464 §2.1.1): line breaks and other control
    /// characters become spaces; a non-ASCII character is written as <c>\x{HHHH}</c> (the escape of RFC 6533 §3),
    /// so nothing is lost. Long values are folded by MimeKit at spaces.
    /// </summary>
    internal static string Printable(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var rune in OneLine(text).EnumerateRunes())
        {
            if (rune.Value is >= ' ' and <= '~')
            {
                result.Append((char)rune.Value);
            }
            else if (rune.Value < ' ' || rune.Value == 0x7F)
            {
                result.Append(' ');
            }
            else
            {
                result.Append(CultureInfo.InvariantCulture, $"\\x{{{rune.Value:X}}}");
            }
        }
        return result.ToString();
    }
}
