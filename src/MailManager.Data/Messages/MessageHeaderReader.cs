using System.Text;
using MimeKit;

namespace MailManager.Data.Messages;

/// <summary>
/// Reads the header block at the start of a message for the message log: the text as received (capped)
/// and the decoded Subject. The block is read up to the cap only, so a huge or header-only message costs no more.
/// </summary>
public static class MessageHeaderReader
{
    /// <summary>64 KB: more than any real header block; SES's own logs keep far less.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Longest subject kept (RFC 5322's line limit); a longer one is cut.</summary>
    public const int MaxSubjectLength = 998;

    private static ReadOnlySpan<byte> EndOfHeaders => "\r\n\r\n"u8;

    /// <summary>Reads the start of a stored message (up to the cap) and parses its header block.</summary>
    public static async Task<(string Headers, string? Subject)> ReadAsync(Stream content, CancellationToken ct)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }
        return Parse(buffer.AsSpan(0, length));
    }

    /// <summary>
    /// Where the header block of these first bytes of a message ends (after its last CRLF, before the empty
    /// line), or -1 when the bytes do not reach the empty line yet.
    /// </summary>
    public static int FindEnd(ReadOnlySpan<byte> start) => start.IndexOf(EndOfHeaders) is var end and >= 0 ? end + 2 : -1;

    /// <summary>Parses the header block at the start of these bytes (at most <see cref="MaxHeaderBytes"/> are looked at).</summary>
    public static (string Headers, string? Subject) Parse(ReadOnlySpan<byte> start)
    {
        var bytes = start.Length > MaxHeaderBytes ? start[..MaxHeaderBytes] : start;
        var end = FindEnd(bytes);
        // Over the cap the block is cut after its last whole line, so no header is kept half-read.
        var block = end >= 0 ? bytes[..end] : bytes[..(bytes.LastIndexOf("\r\n"u8) is var last and >= 0 ? last + 2 : 0)];
        var headers = Encoding.UTF8.GetString(block).TrimEnd('\r', '\n');
        return (headers, ReadSubject(block));
    }

    private static string? ReadSubject(ReadOnlySpan<byte> block)
    {
        try
        {
            // MimeKit decodes RFC 2047 encoded words and raw UTF-8 (RFC 6532) and unfolds the value.
            using var stream = new MemoryStream([.. block, (byte)'\r', (byte)'\n']);
            var subject = HeaderList.Load(stream)[HeaderId.Subject]?.Trim();
            return subject is { Length: > MaxSubjectLength } ? subject[..MaxSubjectLength] : subject;
        }
        catch (FormatException)
        {
            // ParseException is a FormatException: a malformed header block has no subject to show.
            return null;
        }
    }
}
