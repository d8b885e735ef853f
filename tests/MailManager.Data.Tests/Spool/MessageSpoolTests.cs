using MailManager.Core.Messages;
using MailManager.Data.Messages;

namespace MailManager.Data.Tests.Spool;

public sealed class MessageSpoolTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

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
}
