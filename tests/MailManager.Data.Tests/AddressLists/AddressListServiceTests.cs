using System.Text.RegularExpressions;
using MailManager.Core.AddressLists;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.AddressLists;
using MailManager.Data.Common;
using MailManager.Data.TrafficPolicies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests.AddressLists;

public sealed partial class AddressListServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private AddressListService Lists => _storage.Get<AddressListService>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private async Task<string> CreateListAsync(string name = "allow-list")
    {
        var created = await Lists.CreateAsync(new AddressListDraft { Name = name });
        Assert.True(created.Succeeded, created.Errors.ToString());
        return created.Id!;
    }

    /// <summary>Members written straight to the table: setting up a full list through the service one by one would take minutes.</summary>
    private async Task InsertMembersAsync(string listId, IEnumerable<string> addresses)
    {
        await using var connection = new SqliteConnection($"Data Source={_storage.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO AddressListMembers (AddressListId, FoldedAddress, Address, CreatedTimestamp) VALUES ($list, $folded, $address, 0)";
        command.Parameters.AddWithValue("$list", listId);
        var folded = command.Parameters.Add("$folded", SqliteType.Text);
        var address = command.Parameters.Add("$address", SqliteType.Text);
        foreach (var a in addresses)
        {
            folded.Value = CaseFolding.Fold(a);
            address.Value = a;
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task A_list_is_created_with_an_al_id_listed_by_name_and_its_name_is_unique()
    {
        var id = await CreateListAsync("b-list");
        await CreateListAsync("a-list");

        Assert.Matches("^al-[a-z0-9]{26}$", id);
        Assert.Equal(["a-list", "b-list"], (await Lists.ListAsync()).Select(l => l.AddressListName));
        var list = (await Lists.GetAsync(id))!;
        Assert.Equal(_storage.Clock.Now, list.CreatedTimestamp);
        Assert.Equal(_storage.Clock.Now, list.LastUpdatedTimestamp);

        var again = await Lists.CreateAsync(new AddressListDraft { Name = "b-list" });
        Assert.Equal("An address list named 'b-list' already exists.", Assert.Single(again.Errors.For("Name")));
        var invalid = await Lists.CreateAsync(new AddressListDraft { Name = "my list" });
        Assert.Single(invalid.Errors.For("Name"));
        Assert.Equal(2, (await Lists.ListAsync()).Count);
    }

    [Fact]
    public async Task The_101st_list_is_refused()
    {
        for (var i = 0; i < AddressListValidator.MaxAddressLists; i++)
        {
            await CreateListAsync($"list-{i}");
        }

        var refused = await Lists.CreateAsync(new AddressListDraft { Name = "one-too-many" });

        Assert.Equal("There are already 100 address lists, the most allowed. Delete one first.", Assert.Single(refused.Errors.For("")));
        Assert.Equal(100, (await Lists.ListAsync()).Count);
    }

    [Fact]
    public async Task Members_are_added_one_by_one_and_a_duplicate_in_another_case_is_refused_clearly()
    {
        var id = await CreateListAsync();
        var version = _storage.Get<ConfigurationVersion>().Current;
        _storage.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True((await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = " Alice@Example.com " })).Succeeded);
        Assert.True((await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = "user*@example.com" })).Succeeded);

        var duplicate = await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = "alice@example.COM" });
        Assert.Equal("'alice@example.COM' is already in this address list, as 'Alice@Example.com' (members ignore case).", Assert.Single(duplicate.Errors.For("Address")));
        var invalid = await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = "a*b*@example.com" });
        Assert.Equal("Use at most one * in an address list member.", Assert.Single(invalid.Errors.For("Address")));
        var missing = await Lists.RegisterMemberAsync("al-gone", new AddressListMemberDraft { Address = "bob@example.com" });
        Assert.False(missing.Succeeded);

        Assert.Equal(2, await Lists.CountMembersAsync(id));
        Assert.Equal(new SavedAddress("Alice@Example.com", _storage.Clock.Now), await Lists.GetMemberAsync(id, "ALICE@example.com"));
        Assert.Equal(_storage.Clock.Now, (await Lists.GetAsync(id))!.LastUpdatedTimestamp);
        // Every change moves the configuration version, so endpoints compile the members again.
        Assert.Equal(version + 2, _storage.Get<ConfigurationVersion>().Current);

        Assert.Equal(1, await Lists.DeregisterMembersAsync(id, ["alice@example.com", "nobody@example.com"]));
        Assert.Null(await Lists.GetMemberAsync(id, "alice@example.com"));
        Assert.Equal(version + 3, _storage.Get<ConfigurationVersion>().Current);
    }

    [Fact]
    public async Task A_list_holds_at_most_100000_members()
    {
        var id = await CreateListAsync();
        await InsertMembersAsync(id, Enumerable.Range(0, AddressListValidator.MaxMembers).Select(i => $"user{i}@example.com"));

        var refused = await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = "one-more@example.com" });

        Assert.Equal("This address list already holds 100,000 addresses, the most allowed.", Assert.Single(refused.Errors.For("Address")));
        Assert.Equal(AddressListValidator.MaxMembers, await Lists.CountMembersAsync(id));
    }

    [Fact]
    public async Task Members_are_paged_in_address_order_and_filtered_by_a_prefix_ignoring_case()
    {
        var id = await CreateListAsync();
        var other = await CreateListAsync("other");
        await InsertMembersAsync(id, ["carol@example.com", "Alice@Example.com", "bob@example.com", "alex@example.org", "*@example.net"]);
        await InsertMembersAsync(other, ["alan@example.com"]);

        var first = await Lists.ListMembersAsync(id, null, 0, 2);
        var second = await Lists.ListMembersAsync(id, null, 2, 2);
        var last = await Lists.ListMembersAsync(id, null, 4, 2);
        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["*@example.net", "alex@example.org"], first.Addresses.Select(a => a.Address));
        Assert.Equal(["Alice@Example.com", "bob@example.com"], second.Addresses.Select(a => a.Address));
        Assert.Equal(["carol@example.com"], last.Addresses.Select(a => a.Address));

        var al = await Lists.ListMembersAsync(id, "AL", 0, 10);
        Assert.Equal(["alex@example.org", "Alice@Example.com"], al.Addresses.Select(a => a.Address));
        Assert.Equal(2, al.TotalCount);
        Assert.Empty((await Lists.ListMembersAsync(id, "zed", 0, 10)).Addresses);
    }

    [Fact]
    public async Task A_prefix_search_and_a_lookup_search_the_key_and_never_scan_the_members()
    {
        var id = await CreateListAsync();
        await using var db = _storage.NewDbContext();

        foreach (var query in new[]
        {
            AddressListService.MembersQuery(db, id, "ali").OrderBy(m => m.FoldedAddress).Skip(20).Take(10).ToQueryString(),
            AddressListService.MembersQuery(db, id, "ali").ToQueryString(),
            db.AddressListMembers.Where(m => m.AddressListId == id && m.FoldedAddress == "alice@example.com").ToQueryString(),
        })
        {
            var plan = await QueryPlanAsync(query);
            Assert.Contains("SEARCH", plan);
            Assert.DoesNotContain("SCAN", plan);
        }
    }

    private async Task<string> QueryPlanAsync(string queryString)
    {
        // ToQueryString puts the parameters in ".param set" lines before the SQL; the plan does not depend on their values.
        var sql = string.Join('\n', queryString.Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        await using var connection = new SqliteConnection($"Data Source={_storage.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in ParameterName().Matches(sql).Select(m => m.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, PagingParameter().IsMatch(name) ? 10 : "x");
        }
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }
        return string.Join(" | ", plan);
    }

    [GeneratedRegex(@"@\w+")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"^@p\d*$")]
    private static partial Regex PagingParameter();

    [Fact]
    public async Task Delete_is_refused_while_a_traffic_policy_uses_the_list_naming_it_and_then_removes_members_and_jobs()
    {
        var id = await CreateListAsync();
        await CreateListAsync("unused");
        await Lists.RegisterMemberAsync(id, new AddressListMemberDraft { Address = "alice@example.com" });
        var job = await Lists.CreateImportJobAsync(id, new ImportJobDraft { Name = "first" }, Csv("address", "bob@example.com"));
        var policies = _storage.Get<TrafficPolicyService>();
        List<PolicyStatement> statements = [new() { Action = AcceptAction.Allow, Conditions = [new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = id } }] }];
        var policy = await policies.CreateAsync(new TrafficPolicyDraft { Name = "only-members", DefaultAction = AcceptAction.Deny, PolicyStatements = statements });
        Assert.True(policy.Succeeded, policy.Errors.ToString());

        var refused = await Lists.DeleteAsync(id);

        Assert.False(refused.Deleted);
        Assert.Equal("This address list is used by traffic policy 'only-members'. Remove its conditions on the list first.", refused.Refusal);
        Assert.NotNull(await Lists.GetAsync(id));

        Assert.True((await policies.UpdateAsync(policy.Id!, new TrafficPolicyDraft { Name = "only-members", PolicyStatements = [] })).Succeeded);
        Assert.True((await Lists.DeleteAsync(id)).Deleted);
        Assert.Null(await Lists.GetAsync(id));
        Assert.Equal(0, await Lists.CountMembersAsync(id));
        Assert.Null(await Lists.GetImportJobAsync(job.Id!));
        Assert.False(File.Exists(Lists.ImportFilePath(job.Id!)));
        Assert.Single(await Lists.ListAsync());
    }

    [Fact]
    public async Task A_traffic_policy_condition_may_name_an_existing_list_but_not_a_deleted_one()
    {
        var id = await CreateListAsync();
        var policies = _storage.Get<TrafficPolicyService>();
        PolicyStatement Statement(string listId) => new() { Action = AcceptAction.Deny, Conditions = [new() { BooleanExpression = new() { Operator = BooleanOperator.IsFalse, AddressListId = listId } }] };

        Assert.True((await policies.CreateAsync(new TrafficPolicyDraft { Name = "policy-1", PolicyStatements = [Statement(id)] })).Succeeded);
        var refused = await policies.CreateAsync(new TrafficPolicyDraft { Name = "policy-2", PolicyStatements = [Statement("al-deleted")] });

        Assert.Equal("Address list al-deleted does not exist.", Assert.Single(refused.Errors.For("PolicyStatements[0].Conditions[0]")));
    }

    internal static MemoryStream Csv(params string[] lines) => new(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
}
