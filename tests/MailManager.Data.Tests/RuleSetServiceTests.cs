using MailManager.Core.RuleSets.Actions;
using MailManager.Core.Relays;
using MailManager.Core.RuleSets;
using MailManager.Core.AddressLists;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.AddressLists;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Data.RuleSets;

namespace MailManager.Data.Tests;

public sealed class RuleSetServiceTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private RuleSetService RuleSets => _storage.Get<RuleSetService>();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    private async Task<string> RelayAsync(string name) =>
        (await _storage.Get<RelayService>().CreateAsync(new RelayDraft { Name = name, ServerName = "mx.example.com", ServerPort = 25 })).Id!;

    [Fact]
    public async Task Rules_and_actions_keep_their_order_through_the_database()
    {
        var relayId = await RelayAsync("to-exchange");
        var draft = new RuleSetDraft
        {
            Name = "inbound",
            Rules =
            [
                new Rule { Name = "first", Actions = [RuleAction.OfRelay(relayId, MailFrom.Replace), RuleAction.OfDrop()] },
                new Rule { Name = "second", Actions = [RuleAction.OfDrop()] },
            ],
        };

        var id = (await RuleSets.CreateAsync(draft)).Id!;
        var saved = (await RuleSets.GetAsync(id))!;

        Assert.Matches("^rs-[a-z0-9]{26}$", saved.RuleSetId);
        Assert.Equal(["first", "second"], saved.Rules.Select(r => r.Name));
        Assert.Equal([RuleActionType.Relay, RuleActionType.Drop], saved.Rules[0].Actions.Select(a => a.Type));
        Assert.Equal(relayId, saved.Rules[0].Actions[0].Relay?.Relay);
        Assert.Equal(MailFrom.Replace, saved.Rules[0].Actions[0].Relay?.MailFrom);
    }

    [Fact]
    public async Task Update_replaces_all_rules_and_moves_the_last_modified_time()
    {
        var id = (await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs", Rules = [new Rule { Name = "a", Actions = [RuleAction.OfDrop()] }] })).Id!;
        var before = (await RuleSets.GetAsync(id))!;
        _storage.Clock.Advance(TimeSpan.FromMinutes(5));

        var result = await RuleSets.UpdateAsync(id, new RuleSetDraft { Name = "rs", Rules = [new Rule { Name = "b", Actions = [RuleAction.OfDrop()] }, new Rule { Name = "c", Actions = [RuleAction.OfDrop()] }] });

        Assert.True(result.Succeeded, result.Errors.ToString());
        var after = (await RuleSets.GetAsync(id))!;
        Assert.Equal(["b", "c"], after.Rules.Select(r => r.Name));
        Assert.Equal(before.CreatedTimestamp, after.CreatedTimestamp);
        Assert.Equal(before.LastModifiedTimestamp + TimeSpan.FromMinutes(5), after.LastModifiedTimestamp);
    }

    [Fact]
    public async Task A_relay_action_pointing_at_a_missing_relay_is_refused_on_that_action()
    {
        var result = await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs", Rules = [new Rule { Actions = [RuleAction.OfDrop(), RuleAction.OfRelay("rl-gone")] }] });

        Assert.False(result.Succeeded);
        Assert.Single(result.Errors.For(RuleSetValidator.ActionField(0, 1, RuleActionType.Relay, "Relay")));
        Assert.Empty(await RuleSets.ListAsync());
    }

    [Fact]
    public async Task Names_are_unique()
    {
        await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs" });

        var second = await RuleSets.CreateAsync(new RuleSetDraft { Name = "rs" });

        Assert.Equal("A rule set named 'rs' already exists.", Assert.Single(second.Errors.For(nameof(RuleSetDraft.Name))));
    }
    [Fact]
    public async Task Every_kind_of_action_and_condition_is_stored_in_the_union_shape_and_read_back_the_same()
    {
        var relayId = await RelayAsync("bounces");
        var secret = await _storage.Get<SecretService>().CreateAsync(new SecretDraft { Name = "hook", Entries = [new SecretEntryDraft { Key = WebhookAction.SigningKeyName, Value = "k" }] });
        var list = await _storage.Get<AddressListService>().CreateAsync(new AddressListDraft { Name = "vip" });
        var rule = new Rule
        {
            Name = "all-kinds",
            Conditions =
            [
                new RuleCondition { StringExpression = new() { Evaluate = new() { MimeHeaderAttribute = " X-Spam-Flag " }, Operator = StringOperator.Equals, Values = [" YES "] } },
                new RuleCondition { NumberExpression = new() { Operator = RuleNumberOperator.GreaterThan, Value = 1024 } },
                new RuleCondition { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.From, AddressListId = list.Id! } }, Operator = BooleanOperator.IsTrue } },
            ],
            Unless = [new RuleCondition { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["10.0.0.0/8", "fd00::/8"] } }],
            Actions =
            [
                new RuleAction { AddHeader = new() { HeaderName = "X-Checked", HeaderValue = " yes " } },
                new RuleAction { ReplaceRecipient = new() { ReplaceWith = [" a@x.test ", "A@x.test", "b@x.test"] } },
                new RuleAction { Bounce = new() { Sender = "postmaster@x.test", StatusCode = "5.1.1", SmtpReplyCode = "550", DiagnosticMessage = "gone", Relay = relayId, ActionFailurePolicy = ActionFailurePolicy.Drop } },
                new RuleAction { DeliverToMailbox = new() { Server = "/run/dovecot/lmtp" } },
                new RuleAction { WriteToS3 = new() { S3Bucket = "mail", S3Prefix = "in" } },
                new RuleAction { Webhook = new() { Url = "https://hooks.example.com/mail", SecretId = secret.Id, Encoding = WebhookEncoding.Base64, PayloadType = WebhookPayloadType.Headers, RetryTimeMinutes = 60 } },
            ],
        };

        var created = await RuleSets.CreateAsync(new RuleSetDraft { Name = "kinds", Rules = [rule] });
        Assert.True(created.Succeeded, created.Errors.ToString());
        var saved = Assert.Single((await RuleSets.GetAsync(created.Id!))!.Rules);

        Assert.Equal("X-Spam-Flag", saved.Conditions[0].StringExpression!.Evaluate.MimeHeaderAttribute);
        Assert.Equal(["YES"], saved.Conditions[0].StringExpression!.Values);
        Assert.Equal(list.Id, saved.Conditions[2].BooleanExpression!.Evaluate.IsInAddressList!.AddressListId);
        Assert.Equal(["10.0.0.0/8", "fd00::/8"], saved.Unless[0].IpExpression!.Values);
        Assert.Equal(
            [RuleActionType.AddHeader, RuleActionType.ReplaceRecipient, RuleActionType.Bounce, RuleActionType.DeliverToMailbox, RuleActionType.WriteToS3, RuleActionType.Webhook],
            saved.Actions.Select(a => a.Type!.Value));
        Assert.Equal("yes", saved.Actions[0].AddHeader!.HeaderValue);
        Assert.Equal(["a@x.test", "b@x.test"], saved.Actions[1].ReplaceRecipient!.ReplaceWith);
        Assert.Equal(ActionFailurePolicy.Drop, saved.Actions[2].Bounce!.ActionFailurePolicy);
        Assert.Equal((WebhookEncoding.Base64, WebhookPayloadType.Headers, 60), (saved.Actions[5].Webhook!.Encoding, saved.Actions[5].Webhook!.PayloadType, saved.Actions[5].Webhook!.RetryTimeMinutes!.Value));

        // What a rule set uses cannot be deleted from under it.
        Assert.Contains("rule set 'kinds'", (await _storage.Get<RelayService>().DeleteAsync(relayId)).Refusal);
        Assert.Contains("rule set 'kinds'", (await _storage.Get<SecretService>().DeleteAsync(secret.Id!)).Refusal);
        Assert.Contains("rule set 'kinds'", (await _storage.Get<AddressListService>().DeleteAsync(list.Id!)).Refusal);
    }

    [Fact]
    public async Task Conditions_on_a_missing_address_list_and_actions_on_a_missing_secret_are_refused_at_their_fields()
    {
        var rule = new Rule
        {
            Conditions = [new RuleCondition { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.Recipient, AddressListId = "al-gone" } }, Operator = BooleanOperator.IsTrue } }],
            Actions = [new RuleAction { Webhook = new() { Url = "https://hooks.example.com", SecretId = "sec-gone" } }],
        };

        var result = await RuleSets.CreateAsync(new RuleSetDraft { Name = "missing", Rules = [rule] });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors.ByField.Keys, k => k.StartsWith("Rules[0].Conditions[0]", StringComparison.Ordinal));
        Assert.Contains(result.Errors.ByField.Keys, k => k == "Rules[0].Actions[0].Webhook.SecretId");
        Assert.Empty(await RuleSets.ListAsync());
    }
}
