using Bunit;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Data;
using MailManager.Data.TrafficPolicies;
using MailManager.Web.Components.Pages.TrafficPolicies;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.RuleSets;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace MailManager.Web.Tests.TrafficPolicies;

public sealed class PolicyStatementEditorTests : ConsoleTestContext
{
    private const string Condition1 = "Policy statement 1, condition 1";
    private const string Condition2 = "Policy statement 1, condition 2";

    private IRenderedComponent<MudPopoverProvider> _popovers = default!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The selects' options live in popovers, rendered by the provider as in MainLayout.
        _popovers = Context.Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task Statements_built_as_property_operator_and_values_are_saved_in_the_SES_shape()
    {
        var page = Context.Render<TrafficPolicyCreate>();
        page.FillIn("Traffic policy name", "inbound");

        page.Button("Add new policy statement").Click();
        page.Radio("Policy statement 1 action", "Deny").Click();
        page.ChooseIn(_popovers, Condition1, "Property", "Sender IP range");
        Assert.Equal("CIDR matches", page.SelectedIn(Condition1, "Operator"));
        page.FillInGroup(Condition1, "Value 1", "10.0.0.0/8");
        page.Button("Add value to policy statement 1, condition 1").Click();
        page.FillInGroup(Condition1, "Value 2", " 192.0.2.0/24 ");
        page.Button("Add new condition to policy statement 1").Click();
        page.ChooseIn(_popovers, Condition2, "Property", "Recipient address");
        page.ChooseIn(_popovers, Condition2, "Operator", "Ends with");
        page.FillInGroup(Condition2, "Value 1", "@example.com");

        page.Button("Add new policy statement").Click();
        page.ChooseIn(_popovers, "Policy statement 2, condition 1", "Property", "TLS protocol version");
        page.ChooseIn(_popovers, "Policy statement 2, condition 1", "Operator", "Is");
        page.ChooseIn(_popovers, "Policy statement 2, condition 1", "Value", "TLS 1.3");
        page.Find("form").Submit();

        var saved = await WaitForSavedAsync(page);
        Assert.Collection(saved.PolicyStatements,
            deny =>
            {
                Assert.Equal(AcceptAction.Deny, deny.Action);
                Assert.Equal(IpOperator.CidrMatches, deny.Conditions[0].IpExpression!.Operator);
                Assert.Equal(["10.0.0.0/8", "192.0.2.0/24"], deny.Conditions[0].IpExpression!.Values);
                Assert.Equal(StringOperator.EndsWith, deny.Conditions[1].StringExpression!.Operator);
                Assert.Equal(["@example.com"], deny.Conditions[1].StringExpression!.Values);
            },
            allow =>
            {
                // The default action is Deny, so a new statement starts as Allow.
                Assert.Equal(AcceptAction.Allow, allow.Action);
                var tls = Assert.Single(allow.Conditions).TlsExpression!;
                Assert.Equal((TlsOperator.Is, TlsVersion.Tls1_3), (tls.Operator, tls.Value));
            });
    }

    [Fact]
    public void Conditions_stop_at_10_per_statement_and_statements_at_20_with_the_reason_shown()
    {
        var page = Context.Render<TrafficPolicyCreate>();
        page.Button("Add new policy statement").Click();

        for (var i = 1; i < PolicyStatementValidator.MaxConditions; i++)
        {
            page.Button("Add new condition to policy statement 1").Click();
        }

        Assert.NotNull(page.Group("Policy statement 1, condition 10"));
        Assert.Equal("A policy statement holds at most 10 conditions.", page.DisabledReason("Add new condition to policy statement 1"));
        page.Button("Remove condition 10 of policy statement 1").Click();
        Assert.False(page.Button("Add new condition to policy statement 1").HasAttribute("disabled"));

        for (var i = 1; i < PolicyStatementValidator.MaxStatements; i++)
        {
            page.Button("Add new policy statement").Click();
        }

        Assert.Contains("Policy statements (20)", page.Markup);
        Assert.Equal("A traffic policy holds at most 20 policy statements.", page.DisabledReason("Add new policy statement"));
    }

    [Fact]
    public async Task Removing_a_condition_a_value_or_a_statement_removes_that_one()
    {
        var page = Context.Render<TrafficPolicyCreate>();
        page.FillIn("Traffic policy name", "removals");
        page.Button("Add new policy statement").Click();
        foreach (var (condition, value) in new[] { (1, "first@example.com"), (2, "second@example.com"), (3, "third@example.com") })
        {
            if (condition > 1)
            {
                page.Button("Add new condition to policy statement 1").Click();
            }
            page.ChooseIn(_popovers, $"Policy statement 1, condition {condition}", "Property", "Recipient address");
            page.FillInGroup($"Policy statement 1, condition {condition}", "Value 1", value);
        }
        page.Button("Add value to policy statement 1, condition 3").Click();
        page.FillInGroup("Policy statement 1, condition 3", "Value 2", "fourth@example.com");
        page.Button("Add new policy statement").Click();
        page.ChooseIn(_popovers, "Policy statement 2, condition 1", "Property", "TLS protocol version");

        page.Button("Remove condition 2 of policy statement 1").Click();
        Assert.Equal("third@example.com", page.InputValueIn(Condition2, "Value 1"));
        page.Button("Remove value 1 of policy statement 1, condition 2").Click();
        Assert.Equal("fourth@example.com", page.InputValueIn(Condition2, "Value 1"));
        Assert.True(page.Button("Remove value 1 of policy statement 1, condition 2").HasAttribute("disabled"), "The last value row cannot be removed.");
        page.Button("Remove policy statement 1").Click();
        Assert.Equal("TLS protocol version", page.SelectedIn(Condition1, "Property"));
        page.Button("Add new policy statement").Click();
        page.Button("Remove policy statement 2").Click();
        page.Find("form").Submit();

        var saved = await WaitForSavedAsync(page);
        Assert.Equal(TlsOperator.MinimumTlsVersion, Assert.Single(Assert.Single(saved.PolicyStatements).Conditions).TlsExpression!.Operator);
    }

    [Fact]
    public async Task Invalid_statements_show_each_message_at_its_field_and_nothing_is_saved()
    {
        var page = Context.Render<TrafficPolicyCreate>();
        page.FillIn("Traffic policy name", "invalid");
        page.Button("Add new policy statement").Click();
        page.ChooseIn(_popovers, Condition1, "Property", "Sender IP range");
        page.FillInGroup(Condition1, "Value 1", "10.0.0.0/33");
        page.Button("Add value to policy statement 1, condition 1").Click();
        page.Button("Add new condition to policy statement 1").Click();
        page.Button("Add new policy statement").Click();
        page.Button("Remove condition 1 of policy statement 2").Click();
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("'10.0.0.0/33' is not an IPv4 CIDR range such as 192.0.2.0/24.", page.FieldTextIn(Condition1, "Value 1")));
        Assert.Contains("Enter a value.", page.FieldTextIn(Condition1, "Value 2"));
        Assert.DoesNotContain("Enter a value.", page.FieldTextIn(Condition1, "Value 1"));
        Assert.Contains("Choose one property for the condition.", page.FieldTextIn(Condition2, "Property"));
        Assert.Contains("A policy statement has 1 to 10 conditions.", page.Region("Policy statement 2").TextContent);
        Assert.DoesNotContain("A policy statement has 1 to 10 conditions.", page.Region("Policy statement 1").TextContent);
        Assert.Empty(await Service<TrafficPolicyService>().ListAsync());

        // The messages follow the corrections.
        page.FillInGroup(Condition1, "Value 1", "10.0.0.0/8");
        page.WaitForAssertion(() => Assert.DoesNotContain("is not an IPv4 CIDR range", page.FieldTextIn(Condition1, "Value 1")));
    }

    [Fact]
    public async Task Editing_loads_the_statements_and_saving_replaces_them_as_a_whole()
    {
        var policies = Service<TrafficPolicyService>();
        var created = await policies.CreateAsync(new TrafficPolicyDraft
        {
            Name = "existing",
            DefaultAction = AcceptAction.Allow,
            PolicyStatements =
            [
                new() { Action = AcceptAction.Deny, Conditions = [new() { Ipv6Expression = new() { Operator = IpOperator.NotCidrMatches, Values = ["2001:db8::/32"] } }] },
                new()
                {
                    Action = AcceptAction.Allow,
                    Conditions =
                    [
                        new() { StringExpression = new() { Operator = StringOperator.StartsWith, Values = ["postmaster@", "abuse@"] } },
                        new() { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_3 } },
                    ],
                },
            ],
        });
        Assert.True(created.Succeeded, created.Errors.ToString());
        var page = Context.Render<TrafficPolicyEdit>(p => p.Add(e => e.TrafficPolicyId, created.Id!));

        page.WaitForAssertion(() => Assert.Equal("Sender IPv6 range", page.SelectedIn(Condition1, "Property")));
        Assert.Equal("Does not match CIDR", page.SelectedIn(Condition1, "Operator"));
        Assert.Equal("2001:db8::/32", page.InputValueIn(Condition1, "Value 1"));
        Assert.True(page.Radio("Policy statement 1 action", "Deny").HasAttribute("checked"));
        Assert.Equal("Starts with", page.SelectedIn("Policy statement 2, condition 1", "Operator"));
        Assert.Equal("abuse@", page.InputValueIn("Policy statement 2, condition 1", "Value 2"));
        Assert.Equal("TLS 1.3", page.SelectedIn("Policy statement 2, condition 2", "Value"));

        page.Button("Remove policy statement 1").Click();
        page.FillInGroup(Condition1, "Value 2", "hostmaster@");
        page.Button("Save changes").Click();

        page.WaitForAssertion(() => Assert.EndsWith($"/traffic-policies/{created.Id}", Service<NavigationManager>().Uri));
        var saved = (await policies.GetAsync(created.Id!))!;
        var statement = Assert.Single(saved.PolicyStatements);
        Assert.Equal(["postmaster@", "hostmaster@"], statement.Conditions[0].StringExpression!.Values);
        Assert.Equal(TlsVersion.Tls1_3, statement.Conditions[1].TlsExpression!.Value);
    }

    [Fact]
    public async Task A_condition_naming_an_address_list_that_no_longer_exists_is_refused_at_its_select()
    {
        // Stored as it would be after its list was deleted (the service refuses to save such a condition).
        var created = await Service<TrafficPolicyService>().CreateAsync(new TrafficPolicyDraft { Name = "with-list" });
        await using (var db = await Service<IDbContextFactory<MailManagerDbContext>>().CreateDbContextAsync())
        {
            var policy = await db.TrafficPolicies.SingleAsync();
            policy.PolicyStatements = [new() { Action = AcceptAction.Allow, Conditions = [new() { BooleanExpression = new() { Operator = BooleanOperator.IsTrue, AddressListId = "al-gone" } }] }];
            await db.SaveChangesAsync();
        }
        var page = Context.Render<TrafficPolicyEdit>(p => p.Add(e => e.TrafficPolicyId, created.Id!));

        page.WaitForAssertion(() => Assert.Equal("Recipient address is in address list", page.SelectedIn(Condition1, "Property")));
        Assert.Equal("Is true", page.SelectedIn(Condition1, "Operator"));
        Assert.Contains("There are no address lists yet.", page.Group(Condition1).TextContent);
        page.Button("Save changes").Click();

        page.WaitForAssertion(() => Assert.Contains("Address list al-gone does not exist.", page.FieldTextIn(Condition1, "Address list")));
        Assert.DoesNotMatch("/traffic-policies/tp-[a-z0-9]{26}$", Service<NavigationManager>().Uri);
        Assert.Equal("al-gone", Assert.Single(Assert.Single((await Service<TrafficPolicyService>().GetAsync(created.Id!))!.PolicyStatements).Conditions).BooleanExpression!.AddressListId);
    }

    [Fact]
    public void An_address_list_is_chosen_from_the_lists_the_editor_is_given()
    {
        var form = new TrafficPolicyForm { Name = "lists" };
        var editContext = new EditContext(form);
        var editor = Context.Render<CascadingValue<EditContext>>(p => p
            .Add(c => c.Value, editContext)
            .AddChildContent<PolicyStatementsEditor>(e => e
                .Add(x => x.Form, form)
                .Add(x => x.AddressLists, [new ReferenceOption("al-vip", "vip"), new ReferenceOption("al-staff", "staff")])));

        editor.Button("Add new policy statement").Click();
        editor.ChooseIn(_popovers, Condition1, "Property", "Recipient address is in address list");
        editor.ChooseIn(_popovers, Condition1, "Operator", "Is false");
        editor.ChooseIn(_popovers, Condition1, "Address list", "staff");

        Assert.DoesNotContain("There are no address lists yet.", editor.Group(Condition1).TextContent);
        var list = Assert.Single(Assert.Single(form.ToDraft().PolicyStatements!).Conditions).BooleanExpression!;
        Assert.Equal((BooleanOperator.IsFalse, "al-staff"), (list.Operator, list.AddressListId));
        Assert.True(form.Validate([new ReferenceOption("al-staff", "staff")]).IsValid);
    }

    [Fact]
    public async Task The_detail_page_reads_each_statement_as_a_sentence_with_a_count()
    {
        var policies = Service<TrafficPolicyService>();
        var empty = await policies.CreateAsync(new TrafficPolicyDraft { Name = "no-statements" });
        var created = await policies.CreateAsync(new TrafficPolicyDraft
        {
            Name = "two-statements",
            PolicyStatements =
            [
                new()
                {
                    Action = AcceptAction.Deny,
                    Conditions =
                    [
                        new() { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["10.0.0.0/8"] } },
                        new() { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com"] } },
                    ],
                },
                new() { Action = AcceptAction.Allow, Conditions = [new() { TlsExpression = new() { Operator = TlsOperator.Is, Value = TlsVersion.Tls1_3 } }] },
            ],
        });

        var page = Context.Render<TrafficPolicyDetail>(p => p.Add(d => d.TrafficPolicyId, created.Id!));

        page.WaitForAssertion(() => Assert.Contains("Policy statements (2)", page.Find("#policy-statements-title").TextContent));
        Assert.Equal(
            ["Deny when Sender IP range CIDR matches 10.0.0.0/8 and Recipient address ends with @example.com", "Allow when TLS protocol version is TLS 1.3"],
            page.FindAll("ol[aria-label='Policy statements'] li").Select(li => li.TextContent.Trim()));

        var none = Context.Render<TrafficPolicyDetail>(p => p.Add(d => d.TrafficPolicyId, empty.Id!));
        none.WaitForAssertion(() => Assert.Contains("Policy statements (0)", none.Find("#policy-statements-title").TextContent));
        Assert.Contains("No policy statements: the default action decides every recipient", none.Markup);
    }

    private async Task<TrafficPolicy> WaitForSavedAsync<T>(IRenderedComponent<T> page) where T : IComponent
    {
        var navigation = Service<NavigationManager>();
        page.WaitForAssertion(() => Assert.Matches("/traffic-policies/tp-[a-z0-9]{26}$", navigation.Uri));
        return Assert.Single(await Service<TrafficPolicyService>().ListAsync());
    }
}
