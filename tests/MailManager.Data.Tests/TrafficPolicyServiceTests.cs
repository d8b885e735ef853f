using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.TrafficPolicies;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Tests;

public sealed class TrafficPolicyServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private TrafficPolicyService Policies => _storage.Get<TrafficPolicyService>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private static List<PolicyStatement> Statements() =>
    [
        new()
        {
            Action = AcceptAction.Deny,
            Conditions = [new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["192.0.2.0/24", "198.51.100.0/24"] } }],
        },
        new()
        {
            Action = AcceptAction.Allow,
            Conditions =
            [
                new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } },
                new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_2 } },
                new() { Ipv6Expression = new() { Operator = IpOperator.NotCidrMatches, Values = ["2001:db8::/32"] } },
            ],
        },
    ];

    [Fact]
    public async Task Statements_keep_their_shape_and_order_through_the_database_and_are_stored_as_the_API_shapes_them()
    {
        var id = (await Policies.CreateAsync(new TrafficPolicyDraft { Name = "inbound", DefaultAction = AcceptAction.Deny, PolicyStatements = Statements() })).Id!;

        var saved = (await Policies.GetAsync(id))!;

        Assert.Equal([AcceptAction.Deny, AcceptAction.Allow], saved.PolicyStatements.Select(s => s.Action));
        Assert.Equal(["192.0.2.0/24", "198.51.100.0/24"], saved.PolicyStatements[0].Conditions[0].IpExpression!.Values);
        var allow = saved.PolicyStatements[1].Conditions;
        Assert.Equal(StringOperator.EndsWith, allow[0].StringExpression!.Operator);
        Assert.Equal(TlsVersion.Tls1_2, allow[1].TlsExpression!.Value);
        Assert.Equal(IpOperator.NotCidrMatches, allow[2].Ipv6Expression!.Operator);
        Assert.All(saved.PolicyStatements.SelectMany(s => s.Conditions), c => Assert.Equal(1, c.MemberCount));

        // One JSON document in the policy's row, with the union keys and enum names a later API hands out as they are.
        await using var connection = new SqliteConnection($"Data Source={_storage.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "select PolicyStatements from TrafficPolicies";
        var json = (string)(await command.ExecuteScalarAsync())!;
        Assert.Contains("\"IpExpression\"", json);
        Assert.Contains("\"EndsWith\"", json);
        Assert.Contains("\"Tls1_2\"", json);
    }

    [Fact]
    public async Task A_draft_without_statements_keeps_them_and_one_with_statements_replaces_them_whole()
    {
        var id = (await Policies.CreateAsync(new TrafficPolicyDraft { Name = "inbound", PolicyStatements = Statements() })).Id!;

        // The console's general form edits name, default action and size only.
        Assert.True((await Policies.UpdateAsync(id, new TrafficPolicyDraft { Name = "inbound-2", DefaultAction = AcceptAction.Allow })).Succeeded);
        Assert.Equal(2, (await Policies.GetAsync(id))!.PolicyStatements.Count);

        Assert.True((await Policies.UpdateAsync(id, new TrafficPolicyDraft { Name = "inbound-2", PolicyStatements = [Statements()[0]] })).Succeeded);
        Assert.Single((await Policies.GetAsync(id))!.PolicyStatements);
    }

    [Fact]
    public async Task Invalid_statements_are_refused_at_their_field_and_nothing_is_saved()
    {
        var statements = Statements();
        statements[0].Conditions[0].IpExpression!.Values[1] = "198.51.100.0/33";
        statements[1].Conditions.Add(new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = "al-nowhere" } });

        var result = await Policies.CreateAsync(new TrafficPolicyDraft { Name = "inbound", PolicyStatements = statements });

        Assert.False(result.Succeeded);
        Assert.Single(result.Errors.For("PolicyStatements[0].Conditions[0].Values[1]"));
        Assert.Contains("does not exist", Assert.Single(result.Errors.For("PolicyStatements[1].Conditions[3]")));
        Assert.Empty(await Policies.ListAsync());
    }

    [Fact]
    public async Task The_hundred_and_first_traffic_policy_is_refused_at_its_name_and_not_saved()
    {
        for (int i = 0; i < TrafficPolicyValidator.MaxTrafficPolicies; i++)
        {
            Assert.True((await Policies.CreateAsync(new TrafficPolicyDraft { Name = $"policy-{i:000}", DefaultAction = AcceptAction.Allow })).Succeeded);
        }

        var refused = await Policies.CreateAsync(new TrafficPolicyDraft { Name = "one-too-many", DefaultAction = AcceptAction.Allow });

        Assert.False(refused.Succeeded);
        Assert.Contains("100 traffic policies", Assert.Single(refused.Errors.ByField[nameof(TrafficPolicyDraft.Name)]));
        Assert.Equal(TrafficPolicyValidator.MaxTrafficPolicies, (await Policies.ListAsync()).Count);
        var existing = (await Policies.ListAsync())[0];
        Assert.True((await Policies.UpdateAsync(existing.TrafficPolicyId, new TrafficPolicyDraft { Name = existing.TrafficPolicyName, DefaultAction = AcceptAction.Deny })).Succeeded,
            "Editing an existing policy is not creating one.");
    }
}
