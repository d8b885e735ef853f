using MailManager.Core.AddressLists;
using MailManager.Data.AddressLists;

namespace MailManager.Data.Tests.AddressLists;

public sealed class AddressListMatchersTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private AddressListService Lists => _storage.Get<AddressListService>();
    private AddressListMatchers Matchers => _storage.Get<AddressListMatchers>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private async Task<string> ListWithAsync(string name, params string[] members)
    {
        var id = (await Lists.CreateAsync(new AddressListDraft { Name = name })).Id!;
        foreach (var member in members)
        {
            Assert.True((await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = member })).Succeeded);
        }
        return id;
    }

    [Fact]
    public async Task A_list_is_compiled_once_and_again_only_after_its_members_change()
    {
        var staff = await ListWithAsync("staff", "alice@example.com", "user*@example.com");
        var partners = await ListWithAsync("partners", "*@partner.example");

        var first = await Matchers.GetAsync([staff, partners], default);
        var unchanged = await Matchers.GetAsync([staff, partners], default);
        Assert.Same(first(staff), unchanged(staff));
        Assert.True(first(staff)!.Contains("USER+tag@example.com"));
        Assert.True(first(partners)!.Contains("anyone@partner.example"));
        Assert.Null(first("al-not-asked"));

        await Lists.RegisterMemberAsync(staff, new AddressListMemberDraft { Address = "bob@example.com" });
        var changed = await Matchers.GetAsync([staff, partners], default);

        Assert.NotSame(first(staff), changed(staff));
        Assert.True(changed(staff)!.Contains("bob@example.com"));
        Assert.Same(first(partners), changed(partners));

        await Lists.DeregisterMembersAsync(staff, ["alice@example.com"]);
        Assert.False((await Matchers.GetAsync([staff], default))(staff)!.Contains("alice@example.com"));
    }

    [Fact]
    public async Task A_list_deleted_meanwhile_matches_no_one()
    {
        var staff = await ListWithAsync("staff", "alice@example.com");
        Assert.True((await Matchers.GetAsync([staff], default))(staff)!.Contains("alice@example.com"));

        await Lists.DeleteAsync(staff);

        Assert.False((await Matchers.GetAsync([staff], default))(staff)!.Contains("alice@example.com"));
    }
}
