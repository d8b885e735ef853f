using System.Net;
using System.Net.Sockets;
using MailManager.Core.Conditions;

namespace MailManager.Core.Tests.Conditions;

public sealed class CidrSetTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.255.255", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("192.0.2.7/32", "192.0.2.7", true)]
    [InlineData("192.0.2.7/32", "192.0.2.8", false)]
    [InlineData("192.0.2.77/24", "192.0.2.1", true)] // host bits in the block are ignored
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.1", true)] // an IPv4 sender seen by a dual-stack listener
    [InlineData("127.0.0.0/8", "::1", false)]
    public void Ipv4_blocks(string block, string address, bool expected) =>
        Assert.Equal(expected, CidrSet.Parse(AddressFamily.InterNetwork, [block]).Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("::/0", "fe80::1", true)]
    [InlineData("::1/128", "::1", true)]
    [InlineData("2001:db8::/32", "192.0.2.1", false)]
    public void Ipv6_blocks(string block, string address, bool expected) =>
        Assert.Equal(expected, CidrSet.Parse(AddressFamily.InterNetworkV6, [block]).Contains(IPAddress.Parse(address)));

    [Fact]
    public void Overlapping_and_adjacent_blocks_merge_and_every_address_of_each_still_matches()
    {
        CidrSet set = CidrSet.Parse(AddressFamily.InterNetwork, ["10.0.0.0/24", "10.0.1.0/24", "10.0.0.128/25", "172.16.0.0/12", "0.0.0.0/32"]);

        foreach (string inside in new[] { "10.0.0.0", "10.0.0.200", "10.0.1.255", "172.31.255.255", "0.0.0.0" })
        {
            Assert.True(set.Contains(IPAddress.Parse(inside)), inside);
        }

        foreach (string outside in new[] { "10.0.2.0", "172.32.0.0", "0.0.0.1", "9.255.255.255" })
        {
            Assert.False(set.Contains(IPAddress.Parse(outside)), outside);
        }
    }

    [Theory]
    [InlineData(AddressFamily.InterNetwork, "10.0.0.0")]
    [InlineData(AddressFamily.InterNetwork, "10.0.0.0/33")]
    [InlineData(AddressFamily.InterNetwork, "10/8")]
    [InlineData(AddressFamily.InterNetwork, "2001:db8::/32")]
    [InlineData(AddressFamily.InterNetwork, "10.0.0.0/-1")]
    [InlineData(AddressFamily.InterNetworkV6, "2001:db8::/129")]
    [InlineData(AddressFamily.InterNetworkV6, "10.0.0.0/8")]
    [InlineData(AddressFamily.InterNetworkV6, "not-an-address/8")]
    public void Malformed_blocks_are_refused(AddressFamily family, string block)
    {
        Assert.False(CidrSet.IsValid(family, block));
        Assert.Throws<FormatException>(() => CidrSet.Parse(family, [block]));
    }
}
