namespace MailManager.Testing;

/// <summary>How a client cuts what it sends into writes: over TLS each write becomes one TLS record or more.</summary>
public enum WritePattern
{
    /// <summary>Everything in one write, as Python's smtplib does (<c>sendall</c>); over TLS, records of the maximum size.</summary>
    OneWrite,

    /// <summary>Writes of 16 KiB, the TLS maximum record payload, as MTAs streaming a large body do.</summary>
    Records16K,

    /// <summary>Writes of 1 to 1,500 octets at random.</summary>
    RandomSmallChunks,

    /// <summary>One octet per write (small messages only).</summary>
    ByteByByte,

    /// <summary>All but the final CRLF.CRLF in one write, then each of those five octets in a write of its own.</summary>
    TerminatorSplit,
}

public static class WritePatterns
{
    /// <summary>The writes of <paramref name="data"/> under <paramref name="pattern"/>; random cuts follow <paramref name="seed"/>.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Cut(ReadOnlyMemory<byte> data, WritePattern pattern, int seed = 0)
    {
        switch (pattern)
        {
            case WritePattern.OneWrite:
                yield return data;
                break;
            case WritePattern.Records16K:
                for (int offset = 0; offset < data.Length; offset += 16 * 1024)
                {
                    yield return data.Slice(offset, Math.Min(16 * 1024, data.Length - offset));
                }

                break;
            case WritePattern.RandomSmallChunks:
                Random random = new(seed);
                for (int offset = 0; offset < data.Length;)
                {
                    int count = Math.Min(random.Next(1, 1501), data.Length - offset);
                    yield return data.Slice(offset, count);
                    offset += count;
                }

                break;
            case WritePattern.ByteByByte:
                for (int offset = 0; offset < data.Length; offset++)
                {
                    yield return data.Slice(offset, 1);
                }

                break;
            case WritePattern.TerminatorSplit:
                int head = Math.Max(0, data.Length - 5);
                if (head > 0)
                {
                    yield return data[..head];
                }

                for (int offset = head; offset < data.Length; offset++)
                {
                    yield return data.Slice(offset, 1);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pattern), pattern, null);
        }
    }
}
