using MailManager.Core.Conditions;

namespace MailManager.Core.Tests.Conditions;

public sealed class StringMatcherTests
{
    [Theory]
    [InlineData(StringOperator.Equals, "user@example.com", "user@example.com", true)]
    [InlineData(StringOperator.Equals, "user@example.com", "USER@Example.COM", true)]
    [InlineData(StringOperator.Equals, "user@example.com", "user+tag@example.com", false)] // +tag is part of the address
    [InlineData(StringOperator.NotEquals, "user@example.com", "other@example.com", true)]
    [InlineData(StringOperator.NotEquals, "user@example.com", "user@example.com", false)]
    [InlineData(StringOperator.StartsWith, "postmaster@", "postmaster@example.com", true)]
    [InlineData(StringOperator.StartsWith, "postmaster@", "user@example.com", false)]
    [InlineData(StringOperator.EndsWith, "@example.com", "user+tag@example.com", true)]
    [InlineData(StringOperator.EndsWith, "@Example.com", "user@example.COM", true)]
    [InlineData(StringOperator.EndsWith, "@example.com", "user@example.com.evil", false)]
    [InlineData(StringOperator.Contains, "+", "user+tag@example.com", true)]
    [InlineData(StringOperator.Contains, "sales", "user@example.com", false)]
    public void One_value(StringOperator @operator, string value, string recipient, bool expected) =>
        Assert.Equal(expected, new StringMatcher(@operator, [value]).Matches(recipient));

    [Theory]
    [InlineData(StringOperator.EndsWith, "a@example.org", true)]
    [InlineData(StringOperator.EndsWith, "b@example.net", true)]
    [InlineData(StringOperator.EndsWith, "c@example.com", false)]
    // NOT_EQUALS with several values: true only when the recipient equals none of them.
    [InlineData(StringOperator.NotEquals, "y@example.org", true)]
    [InlineData(StringOperator.NotEquals, "x@example.org", false)]
    [InlineData(StringOperator.NotEquals, "@example.net", false)]
    public void Several_values_match_when_any_does_and_not_equals_when_none_does(StringOperator @operator, string recipient, bool expected)
    {
        StringMatcher matcher = @operator == StringOperator.NotEquals
            ? new(@operator, ["x@example.org", "@example.net"])
            : new(@operator, ["@example.org", "@example.net"]);

        Assert.Equal(expected, matcher.Matches(recipient));
    }

    [Fact]
    public void A_condition_without_values_or_with_an_unknown_operator_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new StringMatcher(StringOperator.Equals, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StringMatcher((StringOperator)42, ["a"]));
    }
}
