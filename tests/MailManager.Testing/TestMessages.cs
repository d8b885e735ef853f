namespace MailManager.Testing;

/// <summary>
/// Message contents for DATA tests, and the two forms they take: on the wire (dot-stuffed, ended by CRLF.CRLF) and
/// as a server must store them. Contents are deterministic for a seed, so a failing case can be replayed.
/// </summary>
public static class TestMessages
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Dot = (byte)'.';

    /// <summary>
    /// Content of exactly <paramref name="size"/> octets as a client hands it over: a small header block when it fits,
    /// then lines of 0 to 998 octets. Lines often start with a dot (some are a lone dot, which must not end the
    /// message), carry tabs and 8-bit octets, and never hold a bare CR or LF. Content of two octets or more ends with
    /// CRLF; a single octet is "x", to which the client adds the CRLF.
    /// </summary>
    public static byte[] Content(int size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (size == 1)
        {
            return "x"u8.ToArray();
        }

        Random random = new(seed);
        byte[] content = new byte[size];
        int position = 0;
        byte[] header = System.Text.Encoding.ASCII.GetBytes($"Subject: test message {seed}\r\nFrom: <sender@example.org>\r\n\r\n");
        if (header.Length <= size - 2)
        {
            header.CopyTo(content, 0);
            position = header.Length;
        }

        while (position < size)
        {
            int remaining = size - position;
            int length = remaining <= 1000 ? remaining - 2 : random.Next(0, 999);
            if (remaining - (length + 2) == 1)
            {
                // Never leave a single octet: it could not end with CRLF.
                length = length > 0 ? length - 1 : length + 1;
            }

            FillLine(content.AsSpan(position, length), random);
            position += length;
            content[position++] = Cr;
            content[position++] = Lf;
        }

        return content;
    }

    /// <summary>What the client sends after the 354: the content dot-stuffed (RFC 5321 4.5.2), then CRLF.CRLF.</summary>
    public static byte[] Wire(ReadOnlySpan<byte> content)
    {
        using MemoryStream wire = new(content.Length + (content.Length / 32) + 5);
        bool lineStart = true;
        foreach (byte b in content)
        {
            if (lineStart && b == Dot)
            {
                wire.WriteByte(Dot);
            }

            wire.WriteByte(b);
            lineStart = b == Lf;
        }

        if (!EndsWithCrLf(content))
        {
            wire.Write("\r\n"u8);
        }

        wire.Write(".\r\n"u8);
        return wire.ToArray();
    }

    /// <summary>The message as the server must store it (after its own trace header): the content, ended by CRLF.</summary>
    public static byte[] Stored(ReadOnlySpan<byte> content) => EndsWithCrLf(content) ? content.ToArray() : [.. content, Cr, Lf];

    private static bool EndsWithCrLf(ReadOnlySpan<byte> content) => content.EndsWith("\r\n"u8);

    private static void FillLine(Span<byte> line, Random random)
    {
        for (int i = 0; i < line.Length; i++)
        {
            int pick = random.Next(64);
            line[i] = pick switch
            {
                0 => (byte)'\t',
                1 => (byte)random.Next(0x80, 0x100), // 8BITMIME content
                < 10 => (byte)' ',
                _ => (byte)random.Next(0x21, 0x7F),
            };
        }

        if (line.Length > 0 && random.Next(4) == 0)
        {
            line[0] = Dot;
            if (line.Length > 1 && random.Next(3) == 0)
            {
                line[1] = Dot;
            }
        }
    }
}
