using System.Text;
using MailManager.Data.Messages;
using MailManager.Testing;

namespace MailManager.Data.Tests.Messages;

public sealed class MessageHeaderCaptureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task Keeps_the_header_block_as_it_passes_through_in_any_chunking(int chunk)
    {
        var bytes = SampleMessage.Create();
        var file = new MemoryStream();
        var capture = new MessageHeaderCapture(file);

        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await capture.WriteAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        // Every byte reaches the spool; the headers are those a reader of the stored file sees.
        Assert.Equal(bytes, file.ToArray());
        Assert.Equal(await MessageHeaderReader.ReadAsync(new MemoryStream(bytes), CancellationToken.None), capture.Read());
        Assert.Equal(SampleMessage.Subject, capture.Read().Subject);
    }

    [Fact]
    public void A_header_block_over_the_cap_is_cut_after_its_last_whole_line_and_the_body_is_not_copied()
    {
        var builder = new StringBuilder("Subject: big\r\n");
        while (builder.Length < MessageHeaderReader.MaxHeaderBytes + 1000)
        {
            builder.Append("X-Filler: ").Append('x', 70).Append("\r\n");
        }
        builder.Append("\r\nbody\r\n");
        var bytes = Encoding.ASCII.GetBytes(builder.ToString());
        var file = new MemoryStream();
        var capture = new MessageHeaderCapture(file);

        capture.Write(bytes);

        var (headers, subject) = capture.Read();
        Assert.Equal(bytes.Length, file.Length);
        Assert.Equal("big", subject);
        Assert.True(headers.Length <= MessageHeaderReader.MaxHeaderBytes);
        Assert.EndsWith(new string('x', 70), headers);
    }
}
