using Bunit;
using MailManager.Core.AddressLists;
using MailManager.Core.Conditions;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.Secrets;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.AddressLists;
using MailManager.Data.Relays;
using MailManager.Data.RuleSets;
using MailManager.Data.Secrets;
using MailManager.Web.Components.Pages.RuleSets;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.RuleSets;

/// <summary>
/// The rule editor's conditions, exceptions and every action kind, used as a person does, checked through what the
/// service saved; and the core's messages (from the form's own check or from the service) shown at the field they name.
/// </summary>
public sealed class RuleConditionsEditorTests : ConsoleTestContext
{
    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _popovers = Context.Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task A_rule_with_a_condition_an_exception_and_actions_of_several_kinds_is_saved_as_built()
    {
        var relayId = await CreateRelayAsync("exchange");
        var secretId = await CreateSecretAsync("hook-key");
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "gmail-routing");
        page.ClickButton("Create new rule");
        page.FillIn("Rule 1 name", "gmail");

        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 1 property", "From address");
        page.Choose(_popovers, "Rule 1 condition 1 operator", "Contains");
        page.FillIn("Rule 1 condition 1 value 1", "gmail.com");
        page.ClickButton("Add value to rule 1 condition 1");
        page.FillIn("Rule 1 condition 1 value 2", "googlemail.com");

        CheckExceptions(page, "Rule 1");
        page.ClickButton("Add new exception to rule 1");
        page.Choose(_popovers, "Rule 1 exception 1 property", "Subject");
        page.Choose(_popovers, "Rule 1 exception 1 operator", "Starts with");
        page.FillIn("Rule 1 exception 1 value 1", "[skip]");

        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Add header");
        page.FillIn("Rule 1 action 1 header name", "X-Routed");
        page.FillIn("Rule 1 action 1 header value", "gmail");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 2", "Email recipients rewrite");
        page.FillIn("Rule 1 action 2 recipient 1", "archive@example.com");
        page.ClickButton("Add recipient to rule 1 action 2");
        page.FillIn("Rule 1 action 2 recipient 2", "audit@example.com");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 3 SMTP relay", "exchange");
        page.Radio("Rule 1 action 3 On failure", "Drop").Click();
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 4", "Bounce");
        page.FillIn("Rule 1 action 4 sender", "postmaster@example.com");
        page.FillIn("Rule 1 action 4 diagnostic message", "smtp; 550 5.1.1 no such user");
        page.FillIn("Rule 1 action 4 message", "Nobody reads this address.");
        page.Choose(_popovers, "Rule 1 action 4 SMTP relay", "exchange");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 5", "Deliver to mailbox");
        page.FillIn("Rule 1 action 5 LMTP server", "127.0.0.1:24");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 6", "Write to folder");
        page.FillIn("Rule 1 action 6 folder name", "mail");
        page.FillIn("Rule 1 action 6 prefix", "gmail/in");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 7", "Webhook");
        page.FillIn("Rule 1 action 7 URL", "https://hooks.example.com/mail");
        page.Choose(_popovers, "Rule 1 action 7 secret", "hook-key");
        page.Choose(_popovers, "Rule 1 action 7 encoding", "Base64");
        page.Choose(_popovers, "Rule 1 action 7 payload", "Headers only");
        page.FillIn("Rule 1 action 7 retry time in minutes", "30");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 8", "Drop");
        page.Find("form").Submit();

        WaitForDetailPage(page);
        var rule = Assert.Single(Assert.Single(await Service<RuleSetService>().ListAsync()).Rules);
        Assert.Equal("gmail", rule.Name);
        var condition = Assert.Single(rule.Conditions).StringExpression!;
        Assert.Equal((RuleStringEmailAttribute.From, StringOperator.Contains), (condition.Evaluate.Attribute, condition.Operator));
        Assert.Equal(["gmail.com", "googlemail.com"], condition.Values);
        var exception = Assert.Single(rule.Unless).StringExpression!;
        Assert.Equal((RuleStringEmailAttribute.Subject, StringOperator.StartsWith, "[skip]"), (exception.Evaluate.Attribute, exception.Operator, Assert.Single(exception.Values)));
        Assert.Collection(rule.Actions,
            a => Assert.Equal(("X-Routed", "gmail"), (a.AddHeader!.HeaderName, a.AddHeader.HeaderValue)),
            a => Assert.Equal(["archive@example.com", "audit@example.com"], a.ReplaceRecipient!.ReplaceWith),
            a => Assert.Equal((relayId, ActionFailurePolicy.Drop), (a.Relay!.Relay, a.Relay.ActionFailurePolicy)),
            a =>
            {
                var bounce = a.Bounce!;
                Assert.Equal(("postmaster@example.com", "5.1.1", "550", "smtp; 550 5.1.1 no such user", "Nobody reads this address.", relayId, ActionFailurePolicy.Continue),
                    (bounce.Sender, bounce.StatusCode, bounce.SmtpReplyCode, bounce.DiagnosticMessage, bounce.Message, bounce.Relay, bounce.ActionFailurePolicy));
            },
            a => Assert.Equal(("127.0.0.1:24", ActionFailurePolicy.Continue), (a.DeliverToMailbox!.Server, a.DeliverToMailbox.ActionFailurePolicy)),
            a => Assert.Equal(("mail", "gmail/in"), (a.WriteToS3!.S3Bucket, a.WriteToS3.S3Prefix)),
            a =>
            {
                var hook = a.Webhook!;
                Assert.Equal(("https://hooks.example.com/mail", secretId, WebhookEncoding.Base64, WebhookPayloadType.Headers, 30),
                    (hook.Url, hook.SecretId, hook.Encoding, hook.PayloadType, hook.RetryTimeMinutes));
            },
            a => Assert.NotNull(a.Drop));
    }

    [Fact]
    public async Task Every_kind_of_condition_is_saved_with_its_operator_and_values()
    {
        var listId = (await Service<AddressListService>().CreateAsync(new AddressListDraft { Name = "vips" })).Id!;
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "conditions");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Drop");

        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 1 property", "MIME header");
        page.FillIn("Rule 1 condition 1 header name", "X-Spam-Flag");
        page.Choose(_popovers, "Rule 1 condition 1 operator", "Equals");
        page.FillIn("Rule 1 condition 1 value 1", "YES");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 2 property", "Message size");
        page.Choose(_popovers, "Rule 1 condition 2 operator", "≥");
        page.FillIn("Rule 1 condition 2 size in bytes", "1048576");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 3 property", "IP range");
        page.Choose(_popovers, "Rule 1 condition 3 operator", "Does not match CIDR");
        page.FillIn("Rule 1 condition 3 value 1", "10.0.0.0/8");
        page.ClickButton("Add value to rule 1 condition 3");
        page.FillIn("Rule 1 condition 3 value 2", "2001:db8::/32");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 4 property", "TLS wrapped");
        page.Choose(_popovers, "Rule 1 condition 4 operator", "Is false");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 5 property", "Is in address list");
        page.Choose(_popovers, "Rule 1 condition 5 attribute", "From address");
        page.Choose(_popovers, "Rule 1 condition 5 address list", "vips");
        page.Find("form").Submit();

        WaitForDetailPage(page);
        var rule = Assert.Single(Assert.Single(await Service<RuleSetService>().ListAsync()).Rules);
        Assert.Collection(rule.Conditions,
            c => Assert.Equal(("X-Spam-Flag", StringOperator.Equals, "YES"), (c.StringExpression!.Evaluate.MimeHeaderAttribute, c.StringExpression.Operator, Assert.Single(c.StringExpression.Values))),
            c => Assert.Equal((RuleNumberOperator.GreaterThanOrEqual, 1048576d), (c.NumberExpression!.Operator, c.NumberExpression.Value)),
            c =>
            {
                Assert.Equal(IpOperator.NotCidrMatches, c.IpExpression!.Operator);
                Assert.Equal(["10.0.0.0/8", "2001:db8::/32"], c.IpExpression.Values);
            },
            c => Assert.Equal((RuleBooleanEmailAttribute.TlsWrapped, BooleanOperator.IsFalse), (c.BooleanExpression!.Evaluate.Attribute!.Value, c.BooleanExpression.Operator)),
            c =>
            {
                var list = c.BooleanExpression!.Evaluate.IsInAddressList!;
                Assert.Equal((RuleAddressListEmailAttribute.From, listId, BooleanOperator.IsTrue), (list.Attribute, list.AddressListId, c.BooleanExpression.Operator));
            });
        Assert.All(rule.Conditions, c => Assert.Equal(1, c.MemberCount));
    }

    [Fact]
    public void Switching_the_property_back_keeps_what_was_typed()
    {
        var page = Context.Render<RuleSetCreate>();
        page.ClickButton("Create new rule");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 1 property", "IP range");
        page.FillIn("Rule 1 condition 1 value 1", "192.0.2.0/24");
        page.Choose(_popovers, "Rule 1 condition 1 property", "Subject");
        Assert.Equal("", page.InputValue("Rule 1 condition 1 value 1") ?? "");
        page.FillIn("Rule 1 condition 1 value 1", "invoice");
        page.Choose(_popovers, "Rule 1 condition 1 property", "From address");

        Assert.Equal("invoice", page.InputValue("Rule 1 condition 1 value 1"));
        page.Choose(_popovers, "Rule 1 condition 1 property", "IP range");
        Assert.Equal("192.0.2.0/24", page.InputValue("Rule 1 condition 1 value 1"));
    }

    [Fact]
    public async Task Condition_and_action_errors_show_at_their_fields_and_nothing_is_saved()
    {
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "mistakes");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 1 property", "IP range");
        page.FillIn("Rule 1 condition 1 value 1", "10.0.0.0/8");
        page.ClickButton("Add value to rule 1 condition 1");
        page.FillIn("Rule 1 condition 1 value 2", "10.0.0.300/8");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 2 property", "MIME header");
        page.FillIn("Rule 1 condition 2 header name", "Spam-Flag");
        page.FillIn("Rule 1 condition 2 value 1", "YES");
        page.ClickButton("Add new condition to rule 1");
        CheckExceptions(page, "Rule 1");
        page.ClickButton("Add new exception to rule 1");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Add header");
        page.FillIn("Rule 1 action 1 header name", "Routed");
        page.FillIn("Rule 1 action 1 header value", "gmail");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 2", "Email recipients rewrite");
        page.FillIn("Rule 1 action 2 recipient 1", "archive@example.com");
        page.ClickButton("Add recipient to rule 1 action 2");
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("'10.0.0.300/8' is not an IPv4 CIDR range", page.FieldNamed("Rule 1 condition 1 value 2").TextContent));
        Assert.DoesNotContain("CIDR range", page.FieldNamed("Rule 1 condition 1 value 1").TextContent);
        Assert.Contains("'Spam-Flag' is not an X- header name", page.FieldNamed("Rule 1 condition 2 header name").TextContent);
        Assert.Contains("Choose one property for the condition.", page.FieldNamed("Rule 1 condition 3 property").TextContent);
        Assert.Contains("Choose one property for the condition.", page.FieldNamed("Rule 1 exception 1 property").TextContent);
        Assert.Contains("A header name starts with X-", page.FieldNamed("Rule 1 action 1 header name").TextContent);
        Assert.Contains("Enter an email address.", page.FieldNamed("Rule 1 action 2 recipient 2").TextContent);
        Assert.DoesNotContain("Enter an email address.", page.FieldNamed("Rule 1 action 2 recipient 1").TextContent);
        Assert.Empty(await Service<RuleSetService>().ListAsync());

        // The messages follow the corrections.
        page.FillIn("Rule 1 condition 1 value 2", "10.0.0.0/16");
        page.WaitForAssertion(() => Assert.DoesNotContain("CIDR range", page.FieldNamed("Rule 1 condition 1 value 2").TextContent));
        page.ClickButton("Remove recipient 2 of rule 1 action 2");
        page.WaitForAssertion(() => Assert.DoesNotContain("Enter an email address.", page.Markup));
    }

    [Fact]
    public async Task What_only_the_service_finds_shows_at_the_field_it_names()
    {
        var relayId = await CreateRelayAsync("exchange");
        await CreateRelayAsync("spare");
        var secretId = await CreateSecretAsync("hook-key");
        var listId = (await Service<AddressListService>().CreateAsync(new AddressListDraft { Name = "vips" })).Id!;
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "gone");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new condition to rule 1");
        page.Choose(_popovers, "Rule 1 condition 1 property", "Is in address list");
        page.Choose(_popovers, "Rule 1 condition 1 address list", "vips");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Bounce");
        page.FillIn("Rule 1 action 1 sender", "postmaster@example.com");
        page.FillIn("Rule 1 action 1 diagnostic message", "no such user");
        page.Choose(_popovers, "Rule 1 action 1 SMTP relay", "exchange");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 2", "Webhook");
        page.FillIn("Rule 1 action 2 URL", "https://hooks.example.com/mail");
        page.Choose(_popovers, "Rule 1 action 2 secret", "hook-key");

        // Deleted in another tab while the form is open: only the service can tell.
        Assert.True((await Service<RelayService>().DeleteAsync(relayId)).Deleted);
        Assert.True((await Service<SecretService>().DeleteAsync(secretId)).Deleted);
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("The selected SMTP relay no longer exists.", page.FieldNamed("Rule 1 action 1 SMTP relay").TextContent));
        Assert.Contains("The selected secret no longer exists.", page.FieldNamed("Rule 1 action 2 secret").TextContent);

        page.Choose(_popovers, "Rule 1 action 1 SMTP relay", "spare");
        page.Choose(_popovers, "Rule 1 action 2 secret", "None (unsigned)");
        Assert.True((await Service<AddressListService>().DeleteAsync(listId)).Deleted);
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains($"Address list {listId} does not exist.", page.FieldNamed("Rule 1 condition 1 address list").TextContent));
        Assert.DoesNotContain("no longer exists", page.Markup);
        Assert.Empty(await Service<RuleSetService>().ListAsync());
    }

    [Fact]
    public async Task Unticking_except_in_the_case_of_saves_the_rule_without_its_exceptions()
    {
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "no-exceptions");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Drop");
        CheckExceptions(page, "Rule 1");
        page.ClickButton("Add new exception to rule 1");
        page.Choose(_popovers, "Rule 1 exception 1 property", "TLS");
        CheckExceptions(page, "Rule 1", false);
        Assert.Empty(page.FindAll("[role=group][aria-label='Rule 1, exception 1']"));
        page.Find("form").Submit();

        WaitForDetailPage(page);
        Assert.Empty(Assert.Single(Assert.Single(await Service<RuleSetService>().ListAsync()).Rules).Unless);
    }

    [Fact]
    public async Task Reordering_actions_of_different_kinds_changes_the_saved_order()
    {
        var relayId = await CreateRelayAsync("exchange");
        var page = Context.Render<RuleSetCreate>();
        page.FillIn("Rule set name", "ordered-actions");
        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 1", "Add header");
        page.FillIn("Rule 1 action 1 header name", "X-Routed");
        page.FillIn("Rule 1 action 1 header value", "gmail");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 2 SMTP relay", "exchange");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 3", "Drop");

        page.ClickButton("Move action 3 of rule 1 up");
        page.ClickButton("Move action 1 of rule 1 down");
        // The fields moved with their action.
        Assert.Equal("X-Routed", page.InputValue("Rule 1 action 2 header name"));
        page.Find("form").Submit();

        WaitForDetailPage(page);
        var rule = Assert.Single(Assert.Single(await Service<RuleSetService>().ListAsync()).Rules);
        Assert.Equal([RuleActionType.Drop, RuleActionType.AddHeader, RuleActionType.Relay], rule.Actions.Select(a => a.Type!.Value));
        Assert.Equal(relayId, rule.Actions[2].Relay!.Relay);
    }

    [Fact]
    public void At_the_limits_the_add_buttons_are_disabled_and_say_why()
    {
        var page = Context.Render<RuleSetCreate>();
        page.ClickButton("Create new rule");
        CheckExceptions(page, "Rule 1");
        for (var i = 0; i < RuleConditionValidator.MaxConditions; i++)
        {
            page.ClickButton("Add new condition to rule 1");
            page.ClickButton("Add new exception to rule 1");
        }
        for (var i = 0; i < RuleSetValidator.MaxActionsPerRule; i++)
        {
            page.ClickButton("Add new action to rule 1");
        }
        page.Choose(_popovers, "Rule 1 condition 1 property", "Subject");
        for (var i = 1; i < RuleConditionValidator.MaxValues; i++)
        {
            page.ClickButton("Add value to rule 1 condition 1");
        }
        page.Choose(_popovers, "Rule 1 action 1", "Email recipients rewrite");

        Assert.Equal("A rule has at most 10 conditions.", DisabledReason(page, "Add new condition to rule 1"));
        Assert.Equal("A rule has at most 10 exceptions.", DisabledReason(page, "Add new exception to rule 1"));
        Assert.Equal("A rule holds at most 10 actions.", DisabledReason(page, "Add new action to rule 1"));
        Assert.Equal("A condition has at most 10 values.", DisabledReason(page, "Add value to rule 1 condition 1"));
        Assert.False(Button(page, "Add recipient to rule 1 action 1").HasAttribute("disabled"));

        page.ClickButton("Remove condition 10 of rule 1");
        Assert.False(Button(page, "Add new condition to rule 1").HasAttribute("disabled"));
        Assert.True(Button(page, "Add new exception to rule 1").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Editing_loads_the_conditions_and_exceptions_and_saving_keeps_them()
    {
        var rules = Service<RuleSetService>();
        var created = await rules.CreateAsync(new RuleSetDraft
        {
            Name = "existing",
            Rules =
            [
                new Rule
                {
                    Conditions = [new RuleCondition { StringExpression = new() { Evaluate = new() { MimeHeaderAttribute = "X-Spam-Flag" }, Operator = StringOperator.Equals, Values = ["YES"] } }],
                    Unless = [new RuleCondition { BooleanExpression = new() { Evaluate = new() { Attribute = RuleBooleanEmailAttribute.Tls }, Operator = BooleanOperator.IsTrue } }],
                    Actions = [new RuleAction { AddHeader = new() { HeaderName = "X-Spam", HeaderValue = "yes" } }],
                },
            ],
        });
        var page = Context.Render<RuleSetEdit>(p => p.Add(e => e.RuleSetId, created.Id!));

        page.WaitForAssertion(() => Assert.Equal("MIME header", page.SelectedText("Rule 1 condition 1 property")));
        Assert.Equal("X-Spam-Flag", page.InputValue("Rule 1 condition 1 header name"));
        Assert.Equal("YES", page.InputValue("Rule 1 condition 1 value 1"));
        Assert.Equal("TLS", page.SelectedText("Rule 1 exception 1 property"));
        Assert.Equal("Is true", page.SelectedText("Rule 1 exception 1 operator"));
        Assert.Equal("X-Spam", page.InputValue("Rule 1 action 1 header name"));

        page.FillIn("Rule 1 condition 1 value 1", "Yes");
        page.ClickButton("Save rule set");

        WaitForDetailPage(page);
        var rule = Assert.Single((await rules.GetAsync(created.Id!))!.Rules);
        Assert.Equal(["Yes"], Assert.Single(rule.Conditions).StringExpression!.Values);
        Assert.Equal(RuleBooleanEmailAttribute.Tls, Assert.Single(rule.Unless).BooleanExpression!.Evaluate.Attribute);
    }

    [Fact]
    public async Task Refresh_list_picks_up_relays_and_secrets_created_meanwhile()
    {
        var page = Context.Render<RuleSetCreate>();
        page.ClickButton("Create new rule");
        page.ClickButton("Add new action to rule 1");
        page.ClickButton("Add new action to rule 1");
        page.Choose(_popovers, "Rule 1 action 2", "Webhook");
        page.WaitForAssertion(() => Assert.Contains("There are no SMTP relays yet.", page.FieldNamed("Rule 1 action 1 SMTP relay").TextContent));

        // Created in another tab.
        await CreateRelayAsync("exchange");
        await CreateSecretAsync("hook-key");
        page.ClickButton("Refresh SMTP relays for rule 1 action 1");
        page.WaitForAssertion(() => Assert.DoesNotContain("There are no SMTP relays yet.", page.Markup));
        page.ClickButton("Refresh secrets for rule 1 action 2");

        page.Choose(_popovers, "Rule 1 action 1 SMTP relay", "exchange");
        page.Choose(_popovers, "Rule 1 action 2 secret", "hook-key");
    }

    [Fact]
    public async Task The_detail_page_says_each_rule_as_sentences()
    {
        var relayId = await CreateRelayAsync("exchange");
        var listId = (await Service<AddressListService>().CreateAsync(new AddressListDraft { Name = "vips" })).Id!;
        var created = await Service<RuleSetService>().CreateAsync(new RuleSetDraft
        {
            Name = "sentences",
            Rules =
            [
                new Rule
                {
                    Name = "gmail",
                    Conditions =
                    [
                        new RuleCondition { StringExpression = new() { Evaluate = new() { Attribute = RuleStringEmailAttribute.From }, Operator = StringOperator.Contains, Values = ["gmail.com"] } },
                        new RuleCondition { NumberExpression = new() { Operator = RuleNumberOperator.LessThan, Value = 10000 } },
                    ],
                    Unless =
                    [
                        new RuleCondition { StringExpression = new() { Evaluate = new() { Attribute = RuleStringEmailAttribute.Subject }, Operator = StringOperator.StartsWith, Values = ["[bulk]"] } },
                        new RuleCondition { BooleanExpression = new() { Evaluate = new() { IsInAddressList = new() { Attribute = RuleAddressListEmailAttribute.Recipient, AddressListId = listId } }, Operator = BooleanOperator.IsFalse } },
                    ],
                    Actions =
                    [
                        new RuleAction { AddHeader = new() { HeaderName = "X-Processed", HeaderValue = "yes" } },
                        new RuleAction { Bounce = new() { Sender = "postmaster@example.com", StatusCode = "5.1.1", SmtpReplyCode = "550", DiagnosticMessage = "no such user", Relay = relayId } },
                        new RuleAction { WriteToS3 = new() { S3Bucket = "mail", S3Prefix = "in", ActionFailurePolicy = ActionFailurePolicy.Drop } },
                    ],
                },
                new Rule { Conditions = [new RuleCondition { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["10.0.0.0/8", "192.0.2.0/24"] } }], Actions = [RuleAction.OfDrop()] },
            ],
        });

        var page = Context.Render<RuleSetDetail>(p => p.Add(d => d.RuleSetId, created.Id!));

        page.WaitForAssertion(() => Assert.Equal(created.Id, page.Find("h1").TextContent.Trim()));
        Assert.Equal("When From address contains gmail.com and Message size is less than 10,000 bytes", Text(page, "Conditions of rule 1"));
        Assert.Equal("Except when Subject starts with [bulk] or Recipient address is not in address list vips", Text(page, "Exceptions of rule 1"));
        Assert.Equal(
            ["Add header X-Processed: yes", "Bounce 550 5.1.1 via exchange from postmaster@example.com", "Write to folder mail/in; on failure: Drop"],
            page.Find("ol[aria-label='Actions of rule 1']").QuerySelectorAll("li").Select(li => li.TextContent.Trim()));
        Assert.Equal("When IP range CIDR matches 10.0.0.0/8 or 192.0.2.0/24", Text(page, "Conditions of rule 2"));
        Assert.Empty(page.FindAll("[aria-label='Exceptions of rule 2']"));
    }

    private static string Text<T>(IRenderedComponent<T> page, string label) where T : IComponent =>
        page.Find($"[aria-label='{label}']").TextContent.Trim();

    private static void CheckExceptions<T>(IRenderedComponent<T> page, string rule, bool check = true) where T : IComponent
    {
        var box = page.Region(rule).QuerySelectorAll("label").Single(l => l.TextContent.Trim() == "EXCEPT in the case of:").QuerySelector("input[type=checkbox]")!;
        box.Change(check);
    }

    private static AngleSharp.Dom.IElement Button<T>(IRenderedComponent<T> page, string name) where T : IComponent =>
        page.FindAll("button").Single(b => (b.GetAttribute("aria-label") ?? b.TextContent.Trim()) == name);

    private static string DisabledReason<T>(IRenderedComponent<T> page, string name) where T : IComponent
    {
        var button = Button(page, name);
        Assert.True(button.HasAttribute("disabled"), $"'{name}' is enabled.");
        return page.Find("#" + button.GetAttribute("aria-describedby")).TextContent.Trim();
    }

    private string WaitForDetailPage<T>(IRenderedComponent<T> page) where T : IComponent
    {
        var navigation = Service<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/rule-sets/rs-[a-z0-9]{26}$", navigation.Uri));
        return navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..];
    }

    private async Task<string> CreateRelayAsync(string name) =>
        (await Service<RelayService>().CreateAsync(new() { Name = name, ServerName = "mx.example.com", ServerPort = 25 })).Id!;

    private async Task<string> CreateSecretAsync(string name) =>
        (await Service<SecretService>().CreateAsync(new SecretDraft { Name = name, Entries = [new SecretEntryDraft { Key = WebhookAction.SigningKeyName, Value = "k3y" }] })).Id!;
}
