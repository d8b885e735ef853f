using MailManager.Core.RuleSets.Actions;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using MimeKit;
using MimeKit.Utils;

namespace MailManager.Delivery.Actions;

/// <summary>
/// Builds the webhook's JSON body, shaped like SES's receipt notification ("Amazon SES email receiving
/// notification contents"): <c>notificationType</c>, <c>mail</c>, <c>receipt</c> and, for payload type Content,
/// <c>content</c>. Header values are MIME-decoded by MimeKit (encoded words, raw UTF-8, unfolded).
/// </summary>
internal static class WebhookPayload
{
    /// <summary>SES: payload type CONTENT carries the message with up to 20 KB of headers in <c>mail.headers</c>.</summary>
    public const int ContentHeadersCap = 20 * 1024;

    /// <summary>SES: payload type HEADERS carries up to 100 KB of headers and no body.</summary>
    public const int HeadersOnlyCap = 100 * 1024;

    private static readonly JsonWriterOptions Json = new()
    {
        // Readable non-ASCII text; the body is JSON for a machine, never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="content">The raw message for payload type Content, or null for Headers.</param>
    public static byte[] Build(WebhookRequest request, byte[]? content, DateTimeOffset now)
    {
        // Bytes that are not UTF-8 cannot travel as JSON text unchanged: such a message goes as Base64, and the payload's
        // "encoding" says so, rather than arriving with replacement characters.
        var base64 = request.Encoding == WebhookEncoding.Base64 || (content is not null && !Utf8.IsValid(content));
        var message = request.Message;
        var headers = ParseHeaders(request.HeaderBlock);
        var cap = request.PayloadType == WebhookPayloadType.Content ? ContentHeadersCap : HeadersOnlyCap;

        var buffer = new ArrayBufferWriter<byte>(content is null ? 16 * 1024 : content.Length * 4 / 3 + 64 * 1024);
        using (var writer = new Utf8JsonWriter(buffer, Json))
        {
            writer.WriteStartObject();
            writer.WriteString("notificationType", "Received");

            writer.WriteStartObject("mail");
            writer.WriteString("timestamp", Timestamp(message.ReceivedTimestamp));
            writer.WriteString("source", message.MailFrom);
            writer.WriteString("messageId", message.MessageId);
            WriteStrings(writer, "destination", message.Recipients);
            WriteHeaders(writer, headers, cap);
            WriteCommonHeaders(writer, headers, message.MailFrom);
            writer.WriteEndObject();

            writer.WriteStartObject("receipt");
            writer.WriteString("timestamp", Timestamp(message.ReceivedTimestamp));
            writer.WriteNumber("processingTimeMillis", Math.Max(0L, (long)(now - message.ReceivedTimestamp).TotalMilliseconds));
            WriteStrings(writer, "recipients", message.Recipients);
            writer.WriteStartObject("action");
            writer.WriteString("type", "Webhook");
            writer.WriteString("encoding", base64 ? "BASE64" : "UTF8");
            writer.WriteString("payloadType", request.PayloadType == WebhookPayloadType.Headers ? "HEADERS" : "CONTENT");
            WriteOptional(writer, "ruleSetId", message.RuleSetId);
            WriteOptional(writer, "ruleSetName", message.RuleSetName);
            writer.WriteNumber("ruleIndex", message.RuleIndex);
            WriteOptional(writer, "ruleName", message.RuleName);
            writer.WriteNumber("actionIndex", message.ActionIndex);
            writer.WriteEndObject();
            writer.WriteEndObject();

            if (content is not null)
            {
                if (base64)
                {
                    writer.WriteBase64String("content", content);
                }
                else
                {
                    writer.WriteString("content", content);
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as SES writes its timestamps (2015-09-11T20:32:33.936Z).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static HeaderList ParseHeaders(string block)
    {
        if (string.IsNullOrEmpty(block))
        {
            return [];
        }
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(block.TrimEnd('\r', '\n') + "\r\n\r\n"));
            return HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            // ParseException is a FormatException: a header block MimeKit cannot read has no headers to report.
            return [];
        }
    }

    private static void WriteHeaders(Utf8JsonWriter writer, HeaderList headers, int cap)
    {
        var kept = new List<(string Name, string Value)>();
        var size = 0;
        var truncated = false;
        foreach (var header in headers)
        {
            var value = header.Value.Trim();
            // Counted as "Name: value" CRLF in UTF-8; whole headers only, in order, so the list is a prefix of the block.
            size += Encoding.UTF8.GetByteCount(header.Field) + Encoding.UTF8.GetByteCount(value) + 4;
            if (size > cap)
            {
                truncated = true;
                break;
            }
            kept.Add((header.Field, value));
        }
        writer.WriteBoolean("headersTruncated", truncated);
        writer.WriteStartArray("headers");
        foreach (var (name, value) in kept)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("value", value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteCommonHeaders(Utf8JsonWriter writer, HeaderList headers, string mailFrom)
    {
        writer.WriteStartObject("commonHeaders");
        var returnPath = headers[HeaderId.ReturnPath]?.Trim().Trim('<', '>');
        WriteOptional(writer, "returnPath", string.IsNullOrEmpty(returnPath) ? NullIfEmpty(mailFrom) : returnPath);
        WriteAddresses(writer, "from", headers, HeaderId.From);
        WriteOptional(writer, "date", headers[HeaderId.Date]?.Trim());
        WriteAddresses(writer, "to", headers, HeaderId.To);
        WriteAddresses(writer, "cc", headers, HeaderId.Cc);
        WriteOptional(writer, "messageId", headers[HeaderId.MessageId]?.Trim());
        WriteOptional(writer, "subject", headers[HeaderId.Subject]?.Trim());
        writer.WriteEndObject();
    }

    private static void WriteAddresses(Utf8JsonWriter writer, string name, HeaderList headers, HeaderId id)
    {
        var addresses = new List<string>();
        foreach (var header in headers.Where(h => h.Id == id))
        {
            // Parsed from the raw bytes: a decoded display name may hold a comma that is not a separator.
            if (InternetAddressList.TryParse(ParserOptions.Default, header.RawValue, out var list))
            {
                addresses.AddRange(list.Select(Format));
            }
            else
            {
                // Unparseable addresses are still reported, as written, rather than lost.
                addresses.Add(header.Value.Trim());
            }
        }
        if (addresses.Count > 0)
        {
            WriteStrings(writer, name, addresses);
        }
    }

    /// <summary>
    /// An address as SES shows it: <c>Jane Doe &lt;jane@example.com&gt;</c>, the name decoded and quoted only when
    /// it holds characters special in an address header (MimeKit's own formatting always quotes it).
    /// </summary>
    private static string Format(InternetAddress address)
    {
        if (address is not MailboxAddress mailbox)
        {
            return address.ToString();
        }
        if (string.IsNullOrEmpty(mailbox.Name))
        {
            return mailbox.Address;
        }
        var name = mailbox.Name.AsSpan().IndexOfAny("()<>[]:;@\\,.\"") >= 0 ? MimeUtils.Quote(mailbox.Name) : mailbox.Name;
        return $"{name} <{mailbox.Address}>";
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        // SES leaves out the common headers a message does not have; so do we, and likewise unnamed rules.
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
