using MailManager.Core.Messages;
using MailManager.Data.Messages;

namespace MailManager.Data.Tests.Spool;

public sealed class MessageSpoolTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeWithCommitsAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task At_start_only_files_never_acknowledged_are_removed()
    {
        var spool = _storage.Get<MessageSpool>();
        var acknowledged = spool.PathOf("msg-acknowledged");
        var orphan = spool.PathOf("msg-never-acknowledged");
        await File.WriteAllTextAsync(acknowledged, "Subject: kept\r\n\r\nbody\r\n");
        await File.WriteAllTextAsync(orphan, "Subject: gone\r\n\r\nbody\r\n");
        await using (var db = _storage.NewDbContext())
        {
            db.Messages.Add(new ReceivedMessage { MessageId = "msg-acknowledged", IngressPointId = "inp-x", MailFrom = "a@example.org" });
            await db.SaveChangesAsync();
        }

        await spool.RemoveUnacknowledgedAsync();

        Assert.True(File.Exists(acknowledged));
        Assert.False(File.Exists(orphan));
    }

    [Fact]
    public async Task A_message_that_is_not_committed_leaves_no_file()
    {
        var spool = _storage.Get<MessageSpool>();
        string path;
        await using (var message = spool.Open())
        {
            path = spool.PathOf(message.MessageId);
            await message.Content.WriteAsync("Subject: x\r\n\r\nbody\r\n"u8.ToArray());
            Assert.True(File.Exists(path));
        }

        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task A_finished_messages_file_is_emptied_and_the_next_message_reuses_it_with_only_its_own_bytes()
    {
        var spool = _storage.Get<MessageSpool>();
        var first = await WriteAsync(spool, "Subject: first, and longer than the second\r\n\r\n" + new string('x', 5000) + "\r\n");
        var inode = Inode(spool.PathOf(first));

        spool.Delete(first);

        Assert.False(File.Exists(spool.PathOf(first)));
        var free = Assert.Single(Directory.GetFiles(Path.Combine(spool.Folder, "free")));
        Assert.Equal(0, new FileInfo(free).Length);
        var second = await WriteAsync(spool, "Subject: second\r\n\r\nbody\r\n");
        Assert.Equal(inode, Inode(spool.PathOf(second)));
        Assert.Equal("Subject: second\r\n\r\nbody\r\n", await File.ReadAllTextAsync(spool.PathOf(second)));
        Assert.Empty(Directory.GetFiles(Path.Combine(spool.Folder, "free")));
    }

    [Fact]
    public async Task Deleting_a_file_that_is_already_gone_is_not_an_error()
    {
        var spool = _storage.Get<MessageSpool>();
        var id = await WriteAsync(spool, "Subject: x\r\n\r\nbody\r\n");
        File.Delete(spool.PathOf(id));

        spool.Delete(id);

        Assert.Empty(Directory.GetFiles(Path.Combine(spool.Folder, "free")));
    }

    [Fact]
    public async Task Free_files_left_by_an_earlier_process_are_emptied_and_reused()
    {
        var freeFolder = Directory.CreateDirectory(Path.Combine(_storage.DataDirectory, "spool", "free")).FullName;
        // Not one this app emptied and moved there.
        await File.WriteAllTextAsync(Path.Combine(freeFolder, "left-over"), "Subject: an old message\r\n\r\nold body\r\n");
        var spool = _storage.Get<MessageSpool>();

        var id = await WriteAsync(spool, "Subject: new\r\n\r\n\r\n");

        Assert.Equal("Subject: new\r\n\r\n\r\n", await File.ReadAllTextAsync(spool.PathOf(id)));
        Assert.Empty(Directory.GetFiles(freeFolder));
    }

    private static async Task<string> WriteAsync(MessageSpool spool, string content)
    {
        await using var message = spool.Open();
        await message.Content.WriteAsync(System.Text.Encoding.ASCII.GetBytes(content));
        await message.CommitAsync(new ReceivedMessage
        {
            IngressPointId = "inp-x", MailFrom = "a@example.org", Status = MessageStatus.Queued,
            Recipients = [new() { Address = "b@example.com", Status = MessageStatus.Queued }],
            Actions = [new() { Type = MailManager.Core.RuleSets.Actions.RuleActionType.Relay, Status = MessageActionStatus.Pending, Recipients = ["b@example.com"] }],
        }, default);
        return message.MessageId;
    }

    private static ulong Inode(string path)
    {
        var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return ulong.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
