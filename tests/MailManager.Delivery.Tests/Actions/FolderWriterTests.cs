using System.Text;
using System.Text.Json;
using MailManager.Data;
using MailManager.Delivery.Actions;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Tests.Actions;

public sealed class FolderWriterTests : IDisposable
{
    private readonly TemporaryFolder _data = new("mm-folders-");

    public void Dispose() => _data.Dispose();

    private FolderWriter Writer(string? folderRoot = null) => new(
        Options.Create(new ActionOptions { FolderRoot = folderRoot ?? "folders" }),
        Options.Create(new StorageOptions { DataDirectory = _data.Path }));

    [Fact]
    public async Task The_message_is_written_byte_for_byte_with_a_sidecar_of_its_envelope_and_rule()
    {
        var writer = Writer();
        var message = ActionMessages.Create(ruleIndex: 2, actionIndex: 1);
        var bytes = SampleMessage.Create();
        using var content = new MemoryStream(bytes);
        content.Position = bytes.Length; // the writer reads from the start, wherever the stream was left

        var path = await writer.WriteAsync(message, "incoming", "2026/11/", content, CancellationToken.None);

        var folder = Path.Combine(_data.Path, "folders", "incoming", "2026", "11");
        Assert.Equal(Path.Combine(folder, $"{message.MessageId}-2-1.eml"), path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal([$"{message.MessageId}-2-1.eml", $"{message.MessageId}-2-1.json"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using var sidecar = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, $"{message.MessageId}-2-1.json")));
        var root = sidecar.RootElement;
        Assert.Equal(message.MessageId, root.GetProperty("messageId").GetString());
        Assert.Equal("2026-11-23T08:00:00.123Z", root.GetProperty("receivedTimestamp").GetString());
        Assert.Equal(1234, root.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("sender@example.com", root.GetProperty("envelope").GetProperty("mailFrom").GetString());
        Assert.Equal(["a@example.org", "b@example.org"],
            root.GetProperty("envelope").GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        var session = root.GetProperty("session");
        Assert.Equal("192.0.2.10", session.GetProperty("sourceIp").GetString());
        Assert.Equal("client.example", session.GetProperty("helo").GetString());
        Assert.Equal("Tls13", session.GetProperty("tls").GetString());
        Assert.Equal("inp-0123456789abcdef", session.GetProperty("ingressPointId").GetString());
        Assert.Equal("inbound-main", session.GetProperty("ingressPointName").GetString());
        var rule = root.GetProperty("rule");
        Assert.Equal("rs-0123456789abcdef", rule.GetProperty("ruleSetId").GetString());
        Assert.Equal("inbound-rules", rule.GetProperty("ruleSetName").GetString());
        Assert.Equal(2, rule.GetProperty("ruleIndex").GetInt32());
        Assert.Equal("archive-all", rule.GetProperty("ruleName").GetString());
        Assert.Equal(1, rule.GetProperty("actionIndex").GetInt32());
    }

    [Fact]
    public async Task Running_the_same_action_again_overwrites_the_same_files()
    {
        var writer = Writer();
        var message = ActionMessages.Create();
        using (var first = new MemoryStream(Encoding.ASCII.GetBytes("Subject: first\r\n\r\nfirst body, longer than the second\r\n")))
        {
            await writer.WriteAsync(message, "incoming", null, first, CancellationToken.None);
        }
        var second = Encoding.ASCII.GetBytes("Subject: second\r\n\r\nsecond\r\n");
        using var again = new MemoryStream(second);

        var path = await writer.WriteAsync(message with { SizeBytes = second.Length }, "incoming", null, again, CancellationToken.None);

        Assert.Equal(second, await File.ReadAllBytesAsync(path));
        var folder = Path.Combine(_data.Path, "folders", "incoming");
        Assert.Equal(2, Directory.GetFiles(folder).Length);
        using var sidecar = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.ChangeExtension(path, ".json")));
        Assert.Equal(second.Length, sidecar.RootElement.GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task Another_action_on_the_same_message_writes_its_own_files()
    {
        var writer = Writer();
        var message = ActionMessages.Create(ruleIndex: 0, actionIndex: 0);
        using var content = new MemoryStream(SampleMessage.Create());

        var first = await writer.WriteAsync(message, "incoming", null, content, CancellationToken.None);
        var second = await writer.WriteAsync(message with { ActionIndex = 3 }, "incoming", null, content, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(4, Directory.GetFiles(Path.GetDirectoryName(first)!).Length);
    }

    [Theory]
    [InlineData("incoming", null)]
    [InlineData("incoming", "")]
    [InlineData("my.bucket-1", "in")]
    [InlineData("incoming", "2026/11/")]
    [InlineData("incoming", "a/b/c")]
    [InlineData("incoming", "it's(*)!_")]
    public void Bucket_and_prefix_inside_the_root_are_accepted(string bucket, string? prefix) =>
        Assert.Null(FolderWriter.CheckPath(bucket, prefix));

    [Theory]
    [InlineData(null, null, "Enter a bucket")]
    [InlineData("", null, "Enter a bucket")]
    [InlineData("..", null, "'..'")]
    [InlineData(".", null, "'..'")]
    [InlineData("a/b", null, "'/'")]
    [InlineData("a\\b", null, "'\\'")]
    [InlineData("a\0b", null, "NUL")]
    [InlineData("incoming", "..", "'..'")]
    [InlineData("incoming", "../other", "'..'")]
    [InlineData("incoming", "a/../../etc", "'..'")]
    [InlineData("incoming", "a/./b", "'..'")]
    [InlineData("incoming", "/etc", "relative")]
    [InlineData("incoming", "a//b", "empty")]
    [InlineData("incoming", "a\\..\\b", "'\\'")]
    [InlineData("incoming", "a\0", "NUL")]
    [InlineData("incoming", "a\nb", "control")]
    public void Bucket_and_prefix_that_leave_the_root_are_refused(string? bucket, string? prefix, string expected)
    {
        var error = FolderWriter.CheckPath(bucket, prefix);
        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..", null)]
    [InlineData("incoming", "../../escaped")]
    [InlineData("incoming", "/tmp")]
    public async Task Writing_outside_the_root_is_refused_and_writes_nothing(string bucket, string? prefix)
    {
        var writer = Writer();
        using var content = new MemoryStream(SampleMessage.Create());

        await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(ActionMessages.Create(), bucket, prefix, content, CancellationToken.None));

        Assert.Empty(Directory.GetFileSystemEntries(_data.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_folder_that_cannot_be_written_gives_an_exception_and_leaves_no_temporary_file()
    {
        var writer = Writer();
        var folder = Directory.CreateDirectory(Path.Combine(_data.Path, "folders", "locked")).FullName;
        using var content = new MemoryStream(SampleMessage.Create());

        await using (await UnwritableFolder.MakeAsync(folder))
        {
            var error = await Record.ExceptionAsync(() => writer.WriteAsync(ActionMessages.Create(), "locked", null, content, CancellationToken.None));
            Assert.True(error is IOException or UnauthorizedAccessException, $"Expected an I/O or access error, got {error}");
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public async Task A_failure_after_the_temporary_file_was_written_removes_it()
    {
        var writer = Writer();
        var message = ActionMessages.Create();
        var folder = Path.Combine(_data.Path, "folders", "incoming");
        // A folder where the .eml must go: the content is written and flushed, then the rename over it fails.
        Directory.CreateDirectory(Path.Combine(folder, FolderWriter.BaseName(message) + ".eml"));
        using var content = new MemoryStream(SampleMessage.Create());

        await Assert.ThrowsAsync<IOException>(() => writer.WriteAsync(message, "incoming", null, content, CancellationToken.None));

        Assert.Equal([FolderWriter.BaseName(message) + ".eml"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void The_folder_root_defaults_to_folders_inside_the_data_folder_and_may_be_absolute()
    {
        Assert.Equal(Path.Combine(_data.Path, "folders"), Writer().Root);
        Assert.Equal(Path.Combine(_data.Path, "mail-out"), Writer("mail-out").Root);
        Assert.Equal("/srv/mail", Writer("/srv/mail").Root);
    }
}
