using MailManager.Core.Common;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.IngressEndpoints;
using MailManager.Web.Components.Pages.TrafficPolicies;

namespace MailManager.Web.Tests.TrafficPolicies;

/// <summary>The editor's form model maps to SES's shape and back, and puts the core's errors at the fields that show them.</summary>
public sealed class TrafficPolicyFormTests
{
    private static readonly ReferenceOption[] Lists = [new("al-vip", "vip")];

    public static TheoryData<string, PolicyCondition> EveryConditionType => new()
    {
        { "recipient address", new PolicyCondition { StringExpression = new() { Operator = StringOperator.EndsWith, Values = ["@example.com", "@example.org"] } } },
        { "recipient address, not equals", new PolicyCondition { StringExpression = new() { Operator = StringOperator.NotEquals, Values = ["user+tag@example.com"] } } },
        { "sender IP range", new PolicyCondition { IpExpression = new() { Operator = IpOperator.CidrMatches, Values = ["10.0.0.0/8", "192.0.2.0/24"] } } },
        { "sender IPv6 range", new PolicyCondition { Ipv6Expression = new() { Operator = IpOperator.NotCidrMatches, Values = ["2001:db8::/32"] } } },
        { "TLS protocol version", new PolicyCondition { TlsExpression = new() { Operator = TlsOperator.Is, Value = TlsVersion.Tls1_3 } } },
        { "TLS minimum version", new PolicyCondition { TlsExpression = new() { Operator = TlsOperator.MinimumTlsVersion, Value = TlsVersion.Tls1_2 } } },
        { "address list", new PolicyCondition { BooleanExpression = new() { Operator = BooleanOperator.IsFalse, AddressListId = "al-vip" } } },
    };

    [Theory]
    [MemberData(nameof(EveryConditionType))]
    public void A_stored_condition_comes_back_unchanged_from_the_form(string because, PolicyCondition condition)
    {
        var policy = new TrafficPolicy
        {
            TrafficPolicyName = "inbound",
            DefaultAction = AcceptAction.Allow,
            MaxMessageSizeBytes = 1000,
            PolicyStatements = [new PolicyStatement { Action = AcceptAction.Deny, Conditions = [condition] }],
        };

        var draft = TrafficPolicyForm.From(policy).ToDraft();

        Assert.Equal(("inbound", AcceptAction.Allow, 1000L), (draft.Name, draft.DefaultAction, draft.MaxMessageSizeBytes!.Value));
        var statement = Assert.Single(draft.PolicyStatements!);
        Assert.Equal(AcceptAction.Deny, statement.Action);
        Assert.True(Shape(condition) == Shape(Assert.Single(statement.Conditions)), because);
    }

    [Fact]
    public void Only_the_chosen_property_is_saved_and_switching_back_keeps_what_was_typed()
    {
        var condition = new PolicyConditionForm { Property = ConditionProperty.RecipientAddress, StringOperator = StringOperator.Contains };
        condition.Values[0].Text = "  sales  ";
        condition.TlsVersion = TlsVersion.Tls1_3;

        condition.Property = ConditionProperty.TlsProtocolVersion;
        var tls = condition.ToCondition();
        condition.Property = ConditionProperty.RecipientAddress;
        var text = condition.ToCondition();

        Assert.Equal(1, tls.MemberCount);
        Assert.Equal(TlsVersion.Tls1_3, tls.TlsExpression!.Value);
        Assert.Equal(1, text.MemberCount);
        Assert.Equal((StringOperator.Contains, "sales"), (text.StringExpression!.Operator, Assert.Single(text.StringExpression.Values)));
    }

    [Fact]
    public void A_condition_without_a_property_and_blank_value_rows_reach_the_core_as_they_are()
    {
        var form = new TrafficPolicyForm { Name = "inbound", PolicyStatements = [PolicyStatementForm.New(AcceptAction.Deny)] };
        form.PolicyStatements[0].Conditions.Add(new PolicyConditionForm { Property = ConditionProperty.SenderIpRange, Values = [new() { Text = "10.0.0.0/8" }, new()] });

        var statement = Assert.Single(form.ToDraft().PolicyStatements!);

        Assert.Equal(AcceptAction.Allow, statement.Action);
        Assert.Equal(0, statement.Conditions[0].MemberCount);
        Assert.Equal(["10.0.0.0/8", ""], statement.Conditions[1].IpExpression!.Values);
    }

    public static TheoryData<string, ConditionProperty?, string> ErrorKeys => new()
    {
        { "PolicyStatements", ConditionProperty.RecipientAddress, "PolicyStatements" },
        { "PolicyStatements[0]", ConditionProperty.RecipientAddress, "PolicyStatements[0].Conditions" },
        { "PolicyStatements[0].Conditions[0].Values[2]", ConditionProperty.SenderIpRange, "PolicyStatements[0].Conditions[0].Values[2].Text" },
        { "PolicyStatements[0].Conditions[0]", null, "PolicyStatements[0].Conditions[0].Property" },
        { "PolicyStatements[0].Conditions[0]", ConditionProperty.RecipientAddress, "PolicyStatements[0].Conditions[0].Values" },
        { "PolicyStatements[0].Conditions[0]", ConditionProperty.SenderIpv6Range, "PolicyStatements[0].Conditions[0].Values" },
        { "PolicyStatements[0].Conditions[0]", ConditionProperty.TlsProtocolVersion, "PolicyStatements[0].Conditions[0].TlsVersion" },
        { "PolicyStatements[0].Conditions[0]", ConditionProperty.RecipientInAddressList, "PolicyStatements[0].Conditions[0].AddressListId" },
        { "PolicyStatements[0].Conditions[5]", ConditionProperty.RecipientAddress, "PolicyStatements[0].Conditions[5]" },
        { "Name", ConditionProperty.RecipientAddress, "Name" },
        { "", ConditionProperty.RecipientAddress, "" },
    };

    [Theory]
    [MemberData(nameof(ErrorKeys))]
    public void Core_error_keys_are_moved_to_the_field_that_shows_them(string coreKey, ConditionProperty? property, string formKey)
    {
        var form = new TrafficPolicyForm { PolicyStatements = [new() { Conditions = [new() { Property = property }] }] };

        var mapped = form.ToFormErrors(new ValidationErrors().Add(coreKey, "message"));

        Assert.Equal([formKey], mapped.ByField.Keys);
        Assert.Equal(["message"], mapped.For(formKey));
    }

    [Fact]
    public void Validation_knows_the_address_lists_it_is_given()
    {
        var form = new TrafficPolicyForm { Name = "inbound", PolicyStatements = [PolicyStatementForm.New(AcceptAction.Deny)] };
        form.PolicyStatements[0].Conditions[0] = new() { Property = ConditionProperty.RecipientInAddressList, AddressListId = "al-vip" };

        Assert.True(form.Validate(Lists).IsValid);
        Assert.Contains("does not exist", Assert.Single(form.Validate([]).For("PolicyStatements[0].Conditions[0].AddressListId")));
    }

    [Fact]
    public void A_new_statement_takes_the_action_opposite_to_the_default_and_one_empty_condition()
    {
        Assert.Equal(AcceptAction.Deny, PolicyStatementForm.New(AcceptAction.Allow).Action);
        var statement = PolicyStatementForm.New(AcceptAction.Deny);
        Assert.Equal(AcceptAction.Allow, statement.Action);
        Assert.Null(Assert.Single(statement.Conditions).Property);
    }

    // The condition's one member, written out so two conditions compare by content.
    private static string Shape(PolicyCondition c) => string.Join("|",
        c.StringExpression is { } s ? $"S:{s.Operator}:{string.Join(",", s.Values)}" : "",
        c.IpExpression is { } ip ? $"4:{ip.Operator}:{string.Join(",", ip.Values)}" : "",
        c.Ipv6Expression is { } ip6 ? $"6:{ip6.Operator}:{string.Join(",", ip6.Values)}" : "",
        c.TlsExpression is { } t ? $"T:{t.Operator}:{t.Value}" : "",
        c.BooleanExpression is { } b ? $"B:{b.Operator}:{b.AddressListId}" : "");
}
