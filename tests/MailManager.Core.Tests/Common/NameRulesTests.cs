using MailManager.Core.Common;

namespace MailManager.Core.Tests.Common;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("Inbound_policy-2")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Resource_names_of_3_to_63_allowed_characters_are_valid(string name) =>
        Assert.Null(NameRules.CheckResourceName(name));

    [Theory]
    [InlineData("", "Enter a name.")]
    [InlineData("ab", "The name must be 3 to 63 characters long.")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "The name must be 3 to 63 characters long.")]
    [InlineData("has space", "The name can contain only letters, numbers, hyphens (-) and underscores (_).")]
    [InlineData("dots.not.allowed", "The name can contain only letters, numbers, hyphens (-) and underscores (_).")]
    public void Invalid_resource_names_get_a_message_saying_why(string name, string message) =>
        Assert.Equal(message, NameRules.CheckResourceName(name));

    [Theory]
    [InlineData("r", null)]
    [InlineData("rule.set_1-a", null)]
    [InlineData("", "Enter a name.")]
    [InlineData("no spaces", "The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).")]
    public void Rule_set_names_follow_the_ses_rule_set_name_pattern(string name, string? message) =>
        Assert.Equal(message, NameRules.CheckRuleSetName(name));

    [Fact]
    public void Rule_set_names_may_be_100_characters_but_not_101()
    {
        Assert.Null(NameRules.CheckRuleSetName(new string('a', 100)));
        Assert.NotNull(NameRules.CheckRuleSetName(new string('a', 101)));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("relay.to-exchange_1", null)]
    [InlineData("a23456789012345678901234567890123", "A rule name must be at most 32 characters long.")]
    [InlineData("bad name", "A rule name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).")]
    public void Rule_names_are_optional_and_at_most_32_characters(string? name, string? message) =>
        Assert.Equal(message, NameRules.CheckRuleName(name));
}
