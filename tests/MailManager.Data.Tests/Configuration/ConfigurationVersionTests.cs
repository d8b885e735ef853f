using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Conditions;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Data.TrafficPolicies;

namespace MailManager.Data.Tests.Configuration;

/// <summary>
/// SMTP sessions and deliveries keep configuration in memory until the version moves, so every kind of change an
/// administrator makes must move it: or a session would plan with old rules, or a delivery use an old password.
/// </summary>
public sealed class ConfigurationVersionTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task Changing_only_a_secret_value_or_a_rule_set_rules_or_deleting_moves_the_version()
    {
        var version = _storage.Get<ConfigurationVersion>();
        var secrets = _storage.Get<SecretService>();
        var ruleSets = _storage.Get<RuleSetService>();

        var secretId = (await secrets.CreateAsync(Secret("old"))).Id!;
        var ruleSetId = (await ruleSets.CreateAsync(new RuleSetDraft { Name = "rules", Rules = [new Rule { Actions = [RuleAction.OfDrop()] }] })).Id!;

        var before = version.Current;
        Assert.True((await secrets.UpdateAsync(secretId, Secret("new"))).Succeeded);
        Assert.True(version.Current > before);

        before = version.Current;
        var draft = RuleSetDraft.From((await ruleSets.GetAsync(ruleSetId))!);
        draft.Rules[0].Name = "renamed";
        Assert.True((await ruleSets.UpdateAsync(ruleSetId, draft)).Succeeded);
        Assert.True(version.Current > before);

        before = version.Current;
        Assert.True((await ruleSets.DeleteAsync(ruleSetId)).Deleted);
        Assert.True(version.Current > before);
    }

    [Fact]
    public async Task Changing_only_a_traffic_policys_statements_moves_the_version()
    {
        var version = _storage.Get<ConfigurationVersion>();
        var policies = _storage.Get<TrafficPolicyService>();
        TrafficPolicyDraft Draft(params List<PolicyStatement> statements) => new() { Name = "inbound", DefaultAction = AcceptAction.Allow, PolicyStatements = statements };
        PolicyStatement deny = new() { Action = AcceptAction.Deny, Conditions = [new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["127.0.0.0/8"] } }] };
        var id = (await policies.CreateAsync(Draft(deny))).Id!;

        var before = version.Current;
        Assert.True((await policies.UpdateAsync(id, Draft())).Succeeded);
        Assert.True(version.Current > before);
        Assert.Empty((await policies.GetAsync(id))!.PolicyStatements);

        before = version.Current;
        Assert.True((await policies.UpdateAsync(id, Draft(deny))).Succeeded);
        Assert.True(version.Current > before);
        Assert.Single((await policies.GetAsync(id))!.PolicyStatements);
    }

    private static SecretDraft Secret(string password) => new()
    {
        Name = "relay-login",
        Entries = [new() { Key = RelayCredentialKeys.Username, Value = "user" }, new() { Key = RelayCredentialKeys.Password, Value = password }],
    };
}
