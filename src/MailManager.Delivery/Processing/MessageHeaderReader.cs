using System.Text;
using MimeKit;

namespace MailManager.Delivery.Processing;

/// <summary>
/// Reads the header block at the start of a spooled message for the message log: the text as received (capped)
/// and the decoded Subject. The block is read up to the cap only, so a huge or header-only message costs no more.
/// </summary>
public static class MessageHeaderReader
{
    /// <summary>64 KB: more than any real header block; SES's own logs keep far less.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>Longest subject kept (RFC 5322's line limit); a longer one is cut.</summary>
    public const int MaxSubjectLength = 998;

    public static async Task<(string Headers, string? Subject)> ReadAsync(Stream content, CancellationToken ct)
    {
        var buffer = new byte[MaxHeaderBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        var bytes = buffer.AsSpan(0, length);
        var end = bytes.IndexOf("\r\n\r\n"u8);
        // Over the cap the block is cut after its last whole line, so no header is kept half-read.
        var block = end >= 0 ? bytes[..(end + 2)] : bytes[..(bytes.LastIndexOf("\r\n"u8) is var last and >= 0 ? last + 2 : 0)];
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
