using System.Text;

using MailManager.Smtp.Internal;

namespace MailManager.Smtp.Tests;

public sealed class DataBodyDecoderTests
{
    private static (string Output, int Consumed, DataBodyDecoder Decoder) DecodeInPieces(string input, IEnumerable<int> pieceSizes, int maxLineLength = 0)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(input);
        DataBodyDecoder decoder = new(maxLineLength);
        MemoryStream output = new();
        int offset = 0;
        using IEnumerator<int> sizes = pieceSizes.GetEnumerator();
        while (offset < bytes.Length && !decoder.IsComplete)
        {
            int size = sizes.MoveNext() ? Math.Max(1, sizes.Current) : bytes.Length - offset;
            ReadOnlySpan<byte> piece = bytes.AsSpan(offset, Math.Min(size, bytes.Length - offset));
            byte[] scratch = new byte[piece.Length + 1];
            (int consumed, int written) = decoder.Decode(piece, scratch);
            output.Write(scratch, 0, written);
            offset += consumed;
        }

        return (Encoding.UTF8.GetString(output.ToArray()), offset, decoder);
    }

    [Theory]
    [InlineData("a\r\n.\r\n", "a\r\n")]
    [InlineData(".\r\n", "")]
    [InlineData("..\r\n.\r\n", ".\r\n")]
    [InlineData("..x\r\n.y\r\n.\r\n", ".x\r\ny\r\n")]
    [InlineData("\r\n\r\n.\r\n", "\r\n\r\n")]
    public void Decodes_complete_messages(string input, string expected)
    {
        (string output, int consumed, DataBodyDecoder decoder) = DecodeInPieces(input, []);

        Assert.True(decoder.IsComplete);
        Assert.Equal(expected, output);
        Assert.Equal(input.Length, consumed);
        Assert.False(decoder.HasBareLineEnding);
    }

    [Fact]
    public void Stops_right_after_the_terminator()
    {
        (_, int consumed, DataBodyDecoder decoder) = DecodeInPieces("x\r\n.\r\nQUIT\r\n", []);

        Assert.True(decoder.IsComplete);
        Assert.Equal(6, consumed);
    }

    [Theory]
    [InlineData("a\n.\nb\r\n.\r\n")]
    [InlineData("a\r\n.\nb\r\n.\r\n")]
    [InlineData("a\n.\r\nb\r\n.\r\n")]
    [InlineData("a\r.\r\nb\r\n.\r\n")]
    [InlineData("a\r\n.\rb\r\n.\r\n")]
    public void Only_crlf_dot_crlf_ends_the_message(string input)
    {
        (string output, int consumed, DataBodyDecoder decoder) = DecodeInPieces(input, []);

        Assert.True(decoder.IsComplete);
        Assert.Equal(input.Length, consumed);
        Assert.True(decoder.HasBareLineEnding);
        Assert.EndsWith("b\r\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_lines_over_the_limit()
    {
        Assert.False(DecodeInPieces(new string('a', 998) + "\r\n.\r\n", [], 1000).Decoder.HasLineTooLong);
        Assert.True(DecodeInPieces(new string('a', 999) + "\r\n.\r\n", [], 1000).Decoder.HasLineTooLong);
        Assert.False(DecodeInPieces(new string('a', 5000) + "\r\n.\r\n", [], 0).Decoder.HasLineTooLong);
    }

    [Fact]
    public void Result_does_not_depend_on_how_the_input_is_split()
    {
        Random random = new(20240601);
        string[] fragments = ["a", "..", ".", "\r\n", "\r", "\n", "line", " ", "\r\n.", "x.y"];
        for (int round = 0; round < 500; round++)
        {
            StringBuilder input = new();
            for (int i = random.Next(0, 30); i > 0; i--)
            {
                input.Append(fragments[random.Next(fragments.Length)]);
            }

            input.Append("\r\n.\r\nTRAILER");
            string text = input.ToString();
            (string whole, int wholeConsumed, DataBodyDecoder wholeDecoder) = DecodeInPieces(text, []);
            int[] sizes = [.. Enumerable.Range(0, text.Length).Select(_ => random.Next(1, 4))];
            (string split, int splitConsumed, DataBodyDecoder splitDecoder) = DecodeInPieces(text, sizes);

            Assert.Equal(whole, split);
            Assert.Equal(wholeConsumed, splitConsumed);
            Assert.Equal(wholeDecoder.HasBareLineEnding, splitDecoder.HasBareLineEnding);
            Assert.True(splitDecoder.IsComplete);
        }
    }
}
