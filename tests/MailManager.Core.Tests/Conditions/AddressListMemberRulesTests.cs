using MailManager.Core.Conditions;

namespace MailManager.Core.Tests.Conditions;

public sealed class AddressListMemberRulesTests
{
    [Theory]
    [InlineData("user@example.com")]
    [InlineData("example.com")]
    [InlineData("*.domain1.com")]
    [InlineData("*@domain.com")]
    [InlineData("1234567890123456789*@domain.com")]
    [InlineData("local@*.domain1.com")]
    [InlineData("user*@example.com")]
    [InlineData("*.a.b.c.d.e.f.g.com")]
    public void SES_examples_and_plain_members_are_valid(string member) => Assert.Null(AddressListMemberRules.Check(member));

    [Theory]
    [InlineData("a@", "3 to 320")]
    [InlineData("*user*@example.com", "at most one *")]
    [InlineData("us*er@example.com", "right before the @")]
    [InlineData("12345678901234567890*@domain.com", "at most 19")]
    [InlineData("user@mail.*.example.com", "first label")]
    [InlineData("*.a.b.c.d.e.f.g.h.com", "2 to 9 levels")]
    [InlineData("user@localhost", "not a domain")]
    [InlineData("user@exa..mple.com", "not a domain")]
    [InlineData("two@at@example.com", "not an email address")]
    [InlineData("with space@example.com", "not an email address")]
    [InlineData("@example.com", "no local part")]
    public void Invalid_members_say_why(string member, string reason) =>
        Assert.Contains(reason, AddressListMemberRules.Check(member));
}
