using System.Text;
using MailManager.Data.Messages;
using MailManager.Testing;

namespace MailManager.Data.Tests.Messages;

public sealed class MessageHeaderReaderTests
{
    [Fact]
    public async Task Reads_the_header_block_and_decodes_the_subject()
    {
        var (headers, subject) = await MessageHeaderReader.ReadAsync(new MemoryStream(SampleMessage.Create()), CancellationToken.None);

        Assert.Equal(SampleMessage.Subject, subject);
        Assert.StartsWith("Received: from client.example ([127.0.0.1])\r\n\tby mailmanager.test", headers);
        Assert.Contains("X-Note: déjà vu", headers);
        Assert.DoesNotContain("Hello,", headers);
    }

    [Fact]
    public async Task A_raw_utf8_folded_subject_is_unfolded()
    {
        var content = SampleMessage.Create("Subject: Grüße\r\n aus Köln");
        var (_, subject) = await MessageHeaderReader.ReadAsync(new MemoryStream(content), CancellationToken.None);
        Assert.Equal("Grüße aus Köln", subject);
    }

    [Fact]
    public async Task A_header_block_over_the_cap_is_cut_after_its_last_whole_line()
    {
        var builder = new StringBuilder("Subject: big\r\n");
        while (builder.Length < MessageHeaderReader.MaxHeaderBytes + 1000)
        {
            builder.Append("X-Filler: ").Append('x', 70).Append("\r\n");
        }
        builder.Append("\r\nbody\r\n");

        var (headers, subject) = await MessageHeaderReader.ReadAsync(new MemoryStream(Encoding.ASCII.GetBytes(builder.ToString())), CancellationToken.None);

        Assert.Equal("big", subject);
        Assert.True(headers.Length <= MessageHeaderReader.MaxHeaderBytes);
        Assert.EndsWith(new string('x', 70), headers);
    }
}
