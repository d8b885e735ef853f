using System.IO.Pipelines;
using System.Security.Cryptography;

using MailManager.Smtp.Internal;

namespace MailManager.Smtp.Tests;

/// <summary>
/// The adapter SslStream reads through after STARTTLS. Kestrel's socket transport hands over data in 4 KiB pool
/// blocks, so a TLS record larger than one block arrives as a sequence of several segments: these tests build such
/// sequences on purpose.
/// </summary>
public sealed class DuplexPipeStreamTests
{
    [Theory]
    [InlineData(4097, 65536)]
    [InlineData(5071, 32768)]
    [InlineData(40000, 32768)]
    [InlineData(40000, 4096)]
    [InlineData(40000, 1000)]
    [InlineData(100_000, 16_413)]
    public async Task Reads_every_byte_once_when_the_buffered_data_spans_several_segments(int length, int readSize)
    {
        byte[] sent = RandomNumberGenerator.GetBytes(length);
        Pipe input = new(new PipeOptions(minimumSegmentSize: 4096, pauseWriterThreshold: 0));
        await WriteInBlocksAsync(input.Writer, sent, 4096);
        await input.Writer.CompleteAsync();
        await using DuplexPipeStream stream = new(input.Reader, new Pipe().Writer);

        MemoryStream received = new();
        byte[] buffer = new byte[readSize];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public async Task A_zero_byte_read_waits_for_data_and_consumes_nothing()
    {
        Pipe input = new(new PipeOptions(minimumSegmentSize: 4096));
        await using DuplexPipeStream stream = new(input.Reader, new Pipe().Writer);

        ValueTask<int> wait = stream.ReadAsync(Memory<byte>.Empty);
        Assert.False(wait.IsCompleted);
        byte[] sent = RandomNumberGenerator.GetBytes(9000);
        await WriteInBlocksAsync(input.Writer, sent, 4096);

        Assert.Equal(0, await wait);
        byte[] buffer = new byte[sent.Length];
        Assert.Equal(sent.Length, await stream.ReadAsync(buffer));
        Assert.Equal(sent, buffer);
    }

    /// <summary>Appends <paramref name="data"/> as the socket transport does: one pool block per receive, then a flush.</summary>
    private static async Task WriteInBlocksAsync(PipeWriter writer, byte[] data, int blockSize)
    {
        for (int offset = 0; offset < data.Length; offset += blockSize)
        {
            int count = Math.Min(blockSize, data.Length - offset);
            data.AsSpan(offset, count).CopyTo(writer.GetSpan(blockSize));
            writer.Advance(count);
            await writer.FlushAsync();
        }
    }
}
