using System.Net;
using MailManager.Core.IngressPoints;

namespace MailManager.Core.Tests.IngressPoints;

public sealed class IngressPortConflictsTests
{
    private static IngressPoint Endpoint(string name, string bindAddress, params int[] ports) => new()
    {
        IngressPointId = "inp-" + name,
        IngressPointName = name,
        BindAddress = bindAddress,
        Ports = [.. ports],
        Status = IngressPointStatus.Active,
    };

    [Theory]
    // Equal addresses.
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("::1", "::1", true)]
    // Different addresses of one host both may have port 25.
    [InlineData("127.0.0.1", "192.0.2.10", false)]
    [InlineData("::1", "2001:db8::1", false)]
    [InlineData("127.0.0.1", "::1", false)]
    // 0.0.0.0 is every IPv4 address, not IPv6 ones.
    [InlineData("0.0.0.0", "127.0.0.1", true)]
    [InlineData("192.0.2.10", "0.0.0.0", true)]
    [InlineData("0.0.0.0", "::1", false)]
    // :: is opened dual-stack: every IPv4 and IPv6 address.
    [InlineData("::", "::1", true)]
    [InlineData("::", "127.0.0.1", true)]
    [InlineData("0.0.0.0", "::", true)]
    // An IPv4-mapped IPv6 address is the IPv4 address.
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", true)]
    [InlineData("::ffff:127.0.0.1", "0.0.0.0", true)]
    public void Addresses_overlap_when_equal_or_covered_by_a_wildcard(string a, string b, bool overlap) =>
        Assert.Equal(overlap, IngressPortConflicts.Overlap(IPAddress.Parse(a), IPAddress.Parse(b)));

    public static TheoryData<string, int, string?> Cases => new()
    {
        // Another endpoint on another address of the same port is no conflict.
        { "192.0.2.10", 25, null },
        // Other ports of the same address are free.
        { "127.0.0.1", 2525, null },
        { "127.0.0.1", 25, "Port 25 on 127.0.0.1 is already used by ingress endpoint 'mx'." },
        { "0.0.0.0", 25,
          "Port 25 is already used by ingress endpoint 'mx' on 127.0.0.1: 0.0.0.0 listens on every IPv4 address of this host, 127.0.0.1 included, so binding it would fail." },
        { "::", 587,
          "Port 587 is already used by ingress endpoint 'mx' on 127.0.0.1: :: listens on every IPv4 and IPv6 address of this host, 127.0.0.1 included, so binding it would fail." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_port_is_taken_only_where_an_existing_listener_overlaps(string bindAddress, int port, string? message) =>
        Assert.Equal(message, IngressPortConflicts.Check(bindAddress, port, [Endpoint("mx", "127.0.0.1", 25, 587)]));

    [Fact]
    public void An_endpoint_on_0_0_0_0_takes_the_port_of_every_ipv4_address_and_says_so() =>
        Assert.Equal(
            "Port 25 is already used by ingress endpoint 'all' on 0.0.0.0, which listens on every IPv4 address of this host, 127.0.0.1 included: binding it again would fail.",
            IngressPortConflicts.Check("127.0.0.1", 25, [Endpoint("all", "0.0.0.0", 25)]));

    [Fact]
    public void The_endpoint_being_edited_keeps_its_own_ports()
    {
        IngressPoint[] existing = [Endpoint("mx", "127.0.0.1", 25)];

        Assert.Null(IngressPortConflicts.Check("127.0.0.1", 25, existing, exceptId: "inp-mx"));
        Assert.NotNull(IngressPortConflicts.Check("127.0.0.1", 25, existing, exceptId: "inp-other"));
    }

    [Fact]
    public void An_endpoint_being_deleted_still_holds_its_port_until_it_is_gone()
    {
        var leaving = Endpoint("old", "127.0.0.1", 25);
        leaving.Status = IngressPointStatus.Deprovisioning;

        Assert.Equal(
            "Port 25 on 127.0.0.1 is already used by ingress endpoint 'old'. It is being deleted; try again once it is gone.",
            IngressPortConflicts.Check("127.0.0.1", 25, [leaving]));
    }

    [Fact]
    public void Every_conflicting_port_of_a_draft_gets_its_own_message()
    {
        var draft = new IngressPointDraft { BindAddress = "0.0.0.0", Ports = IngressPortDraft.Of(2525, 25, 587) };

        var errors = IngressPortConflicts.CheckAll(draft, [Endpoint("mx", "127.0.0.1", 25), Endpoint("submission", "192.0.2.10", 587)]);

        Assert.Equal(["Ports[1].Port", "Ports[2].Port"], errors.ByField.Keys.Order());
        Assert.Contains("ingress endpoint 'mx'", Assert.Single(errors.For("Ports[1].Port")));
        Assert.Contains("ingress endpoint 'submission'", Assert.Single(errors.For("Ports[2].Port")));
    }
}
