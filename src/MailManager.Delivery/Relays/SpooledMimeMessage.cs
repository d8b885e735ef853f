using System.Buffers;
using System.Text;
using MimeKit;

namespace MailManager.Delivery.Relays;

/// <summary>
/// A message that MailKit writes as the exact bytes of the spool file. A relay passes mail on unchanged, but
/// parsing and re-serialising it would not: MailKit drops Bcc, Resent-Bcc and Content-Length and may re-encode
/// parts. So the whole header block travels as the raw value of one header (MimeKit writes raw values verbatim,
/// and our SMTP engine always starts the file with its Received: line, so that header is never one MailKit hides),
/// and the body is streamed from the file. MailKit still does the SMTP framing: dot-stuffing and the final dot.
/// MailKit declares BODY=8BITMIME from the body part's Content-Transfer-Encoding, so an 8-bit file's body part says
/// 8bit; that header, and the MIME-Version MimeKit adds for it, are hidden from the output by the format options.
/// </summary>
internal sealed class SpooledMimeMessage : MimeMessage
{
    // Headers MailKit always hides, and those the format options below hide: the header block cannot travel in one of them.
    private static readonly HashSet<HeaderId> Hidden =
        [HeaderId.Bcc, HeaderId.ResentBcc, HeaderId.ContentLength, HeaderId.ContentTransferEncoding, HeaderId.MimeVersion];

    private SpooledMimeMessage(Header? headerBlock, Stream content, long bodyStart, bool eightBit)
    {
        Headers.Clear();
        if (headerBlock is not null)
        {
            Headers.Add(headerBlock);
        }
        Body = new SpooledBody(content, bodyStart, eightBit);
    }

    /// <summary>
    /// Reads the file once to find the header block and any 8-bit byte. Falls back to a parsed message (sent as
    /// MimeKit re-writes it) only for content that does not start with a header MimeKit can carry.
    /// The format options are the ones to send it with.
    /// </summary>
    public static async Task<(MimeMessage Message, FormatOptions Format)> FromSpoolAsync(Stream content, CancellationToken ct)
    {
        content.Position = 0;
        var head = new MemoryStream();
        var headerEnd = -1;
        var eightBit = false;
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                eightBit |= chunk.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
                if (headerEnd < 0)
                {
                    var searchFrom = (int)Math.Max(0, head.Length - 3);
                    head.Write(chunk);
                    var found = head.GetBuffer().AsSpan(searchFrom, (int)head.Length - searchFrom).IndexOf("\r\n\r\n"u8);
                    if (found >= 0)
                    {
                        headerEnd = searchFrom + found + 2;
                    }
                }
                else if (eightBit)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var bytes = head.GetBuffer().AsSpan(0, (int)head.Length);
        if (bytes.StartsWith("\r\n"u8))
        {
            // No header at all: MimeKit writes the empty line, the body follows.
            return (new SpooledMimeMessage(null, content, 2, eightBit), SpooledFormat(international: false));
        }
        if (headerEnd < 0 && bytes.EndsWith("\r\n"u8) && content.Length == bytes.Length)
        {
            // Headers only, no body: the empty line MimeKit adds after them is the only change.
            headerEnd = bytes.Length;
        }
        var colon = bytes.IndexOf((byte)':');
        var lineEnd = bytes.IndexOf("\r\n"u8);
        if (headerEnd > 0 && colon > 0 && colon < lineEnd && IsFieldName(bytes[..colon]))
        {
            var header = new Header(Encoding.ASCII.GetString(bytes[..colon]), "");
            if (!Hidden.Contains(header.Id))
            {
                header.SetRawValue(bytes[(colon + 1)..headerEnd].ToArray());
                var international = bytes[..headerEnd].IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;
                var bodyStart = Math.Min(headerEnd + 2, content.Length);
                return (new SpooledMimeMessage(header, content, bodyStart, eightBit), SpooledFormat(international));
            }
        }

        content.Position = 0;
        var parsed = await MimeMessage.LoadAsync(content, persistent: true, ct);
        var format = FormatOptions.Default.Clone();
        format.International = eightBit;
        return (parsed, format);
    }

    private static FormatOptions SpooledFormat(bool international)
    {
        var format = FormatOptions.Default.Clone();
        format.HiddenHeaders.Add(HeaderId.ContentTransferEncoding);
        format.HiddenHeaders.Add(HeaderId.MimeVersion);
        // Raw UTF-8 headers (RFC 6532) need SMTPUTF8, which MailKit asks for only when International is set
        // (and drops again when the server does not offer it: the message then goes as it is).
        format.International = international;
        return format;
    }

    private static bool IsFieldName(ReadOnlySpan<byte> name) =>
        name.Length > 0 && name.IndexOfAnyExceptInRange((byte)33, (byte)126) < 0;

    /// <summary>The body: the spool file from just after the header block, written as is.</summary>
    private sealed class SpooledBody : MimePart
    {
        private readonly Stream _content;
        private readonly long _start;

        public SpooledBody(Stream content, long start, bool eightBit)
        {
            _content = content;
            _start = start;
            // Its own Content-Type would be merged into the message's headers; the real one is in the header block.
            Headers.Clear();
            if (eightBit)
            {
                ContentTransferEncoding = ContentEncoding.EightBit;
            }
        }

        public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            _content.Position = _start;
            _content.CopyTo(stream);
        }

        public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            _content.Position = _start;
            await _content.CopyToAsync(stream, cancellationToken);
        }
    }
}
