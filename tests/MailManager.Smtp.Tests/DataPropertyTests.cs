using CsCheck;

using MailManager.Smtp.Internal;
using MailManager.Smtp.Tests.Infrastructure;

namespace MailManager.Smtp.Tests;

/// <summary>
/// Random message contents cut into random writes, through the DATA path: a content without a bare CR or LF is
/// stored exactly as sent; any other content is refused with 550 5.6.0 and nothing is stored. CsCheck shrinks a
/// failing case to a small one and prints its seed.
/// </summary>
public sealed class DataPropertyTests
{
    // Content is built from pieces that stress the decoder: dots at line starts, lone-dot lines, line ends next to
    // dots, 8-bit octets. One sample in five also gets a bare CR or LF somewhere.
    private static readonly Gen<byte[]> Piece = Gen.Frequency(
        (30, Gen.Const("text of a line "u8.ToArray())),
        (10, Gen.Byte[0x21, 0x7E].Array[1, 200]),
        (10, Gen.Const("\r\n"u8.ToArray())),
        (8, Gen.Const("\r\n."u8.ToArray())),
        (4, Gen.Const("\r\n.\r\n"u8.ToArray())),
        (4, Gen.Const("\r\n.."u8.ToArray())),
        (4, Gen.Const("."u8.ToArray())),
        (3, Gen.Byte[0x80, 0xFF].Array[1, 20]));

    private static readonly Gen<byte[]> CleanContent = Piece.Array[1, 600].Select(pieces => pieces.SelectMany(p => p).ToArray());

    private static readonly Gen<byte[]> Content = Gen.Frequency(
        (4, CleanContent),
        (1, Gen.Select(CleanContent, Gen.Int[0, int.MaxValue], Gen.OneOf(Gen.Const((byte)'\r'), Gen.Const((byte)'\n')), (content, at, bare) =>
        {
            int position = at % (content.Length + 1);
            return (byte[])[.. content.AsSpan(0, position), bare, .. content.AsSpan(position)];
        })));

    // Write sizes are drawn from a few ranges so that some samples cut inside CRLF.CRLF and others send whole records.
    private static readonly Gen<int[]> WriteSizes = Gen.OneOf(Gen.Int[1, 8], Gen.Int[1, 600], Gen.Int[1, 20_000]).Array[1, 40];

    [Fact]
    public void The_decoder_outputs_the_content_for_any_cut_of_the_wire()
    {
        Gen.Select(Content, WriteSizes).Sample((content, sizes) =>
        {
            byte[] wire = TestMessages.Wire(content);
            DataBodyDecoder decoder = new(maxLineLength: 0);
            MemoryStream output = new();
            int offset = 0;
            for (int i = 0; offset < wire.Length && !decoder.IsComplete; i++)
            {
                ReadOnlySpan<byte> piece = wire.AsSpan(offset, Math.Min(sizes[i % sizes.Length], wire.Length - offset));
                byte[] scratch = new byte[piece.Length + 1];
                (int consumed, int written) = decoder.Decode(piece, scratch);
                output.Write(scratch, 0, written);
                offset += consumed;
            }

            Assert.True(decoder.IsComplete);
            Assert.Equal(wire.Length, offset);
            Assert.Equal(HasBareLineEnding(content), decoder.HasBareLineEnding);
            if (!decoder.HasBareLineEnding)
            {
                Assert.Equal(TestMessages.Stored(content), output.ToArray());
            }
        }, iter: 3000);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Over_a_socket_any_valid_content_is_stored_as_sent_and_any_other_refused(bool tls)
    {
        await using SmtpTestServer server = await SmtpTestServer.StartAsync();
        await Gen.Select(Content, WriteSizes).SampleAsync(async (content, sizes) =>
        {
            int committed = server.Handler.Committed.Count;
            await using RawSmtpClient client = await server.ConnectReadyAsync(tls);
            Assert.Equal("250 2.1.0", (await client.CommandAsync("MAIL FROM:<sender@example.org>")).Status);
            Assert.Equal("250 2.1.5", (await client.CommandAsync("RCPT TO:<rcpt@example.com>")).Status);
            Assert.Equal(354, (await client.CommandAsync("DATA")).Code);

            await client.SendPiecesAsync(Cut(TestMessages.Wire(content), sizes));
            SmtpTestReply reply = await client.ReadReplyAsync();

            if (HasBareLineEnding(content))
            {
                Assert.Equal("550 5.6.0", reply.Status);
                Assert.Equal(committed, server.Handler.Committed.Count);
            }
            else
            {
                Assert.Equal("250 2.0.0", reply.Status);
                (_, byte[] stored) = StoredMessage.SplitReceived((await server.Handler.NextMessageAsync()).Content);
                Assert.Equal(TestMessages.Stored(content), stored);
            }
        }, iter: 80, threads: 1);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Cut(byte[] wire, int[] sizes)
    {
        for (int offset = 0, i = 0; offset < wire.Length; i++)
        {
            int count = Math.Min(sizes[i % sizes.Length], wire.Length - offset);
            yield return wire.AsMemory(offset, count);
            offset += count;
        }
    }

    /// <summary>A CR not followed by LF, or an LF not preceded by CR, anywhere in what the client sends.</summary>
    private static bool HasBareLineEnding(byte[] content)
    {
        byte[] wire = TestMessages.Wire(content);
        for (int i = 0; i < wire.Length; i++)
        {
            if ((wire[i] == '\r' && (i + 1 == wire.Length || wire[i + 1] != '\n')) || (wire[i] == '\n' && (i == 0 || wire[i - 1] != '\r')))
            {
                return true;
            }
        }

        return false;
    }
}
