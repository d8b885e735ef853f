using MailManager.Core.Conditions;

namespace MailManager.Core.Tests.Conditions;

public sealed class AddressListMatcherTests
{
    [Theory]
    [InlineData("user@example.com", "user@example.com", true)]
    [InlineData("user@example.com", "USER@EXAMPLE.com", true)]
    [InlineData("user@example.com", "user+tag@example.com", false)]
    [InlineData("example.com", "anyone@example.com", true)] // a domain member: every address of it
    [InlineData("example.com", "anyone@sub.example.com", false)]
    [InlineData("*@example.com", "anyone@example.com", true)]
    [InlineData("user*@example.com", "user+tag@example.com", true)]
    [InlineData("user*@example.com", "username@example.com", true)]
    [InlineData("user*@example.com", "user@example.com", true)]
    [InlineData("user*@example.com", "other@example.com", false)]
    [InlineData("user*@example.com", "user@example.org", false)]
    [InlineData("*.example.com", "anyone@mail.example.com", true)]
    [InlineData("*.example.com", "anyone@a.b.example.com", true)]
    [InlineData("*.example.com", "anyone@example.com", false)]
    [InlineData("*.example.com", "anyone@badexample.com", false)]
    [InlineData("local@*.example.com", "local@eu.example.com", true)]
    [InlineData("local@*.example.com", "other@eu.example.com", false)]
    [InlineData("local@*.example.com", "local@example.com", false)]
    [InlineData("user@example.com", "not an address", false)]
    [InlineData("example.com", "@example.com", false)]
    public void Members_and_wildcards(string member, string address, bool expected) =>
        Assert.Equal(expected, new AddressListMatcher([member]).Contains(address));

    [Fact]
    public void A_list_of_100000_members_finds_each_and_only_them()
    {
        string[] members = [.. Enumerable.Range(0, 100_000).Select(i => $"user{i}@example.com")];
        AddressListMatcher list = new(members);

        Assert.Equal(100_000, list.Count);
        Assert.True(list.Contains("user0@example.com"));
        Assert.True(list.Contains("user99999@example.com"));
        Assert.False(list.Contains("user100000@example.com"));
    }
}
