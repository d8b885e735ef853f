using MailManager.Core.IngressPoints;

namespace MailManager.Core.Tests.IngressPoints;

public sealed class IngressPortProposerTests
{
    private static readonly PortBindingPrivileges Root = new(true, 0x000001ffffffffffUL, 1024);
    private static readonly PortBindingPrivileges User = new(false, 0, 1024);

    private static IngressPortProposal Propose(IngressPointType type, PortBindingPrivileges privileges, params int[] taken) =>
        IngressPortProposer.Propose(type, privileges, 2525, 2599,
            port => taken.Contains(port) ? $"Port {port} is already used by ingress endpoint 'other'" : null);

    public static TheoryData<IngressPointType, PortBindingPrivileges, int[], int[], string?> Cases => new()
    {
        // Privileged and free: the seed's ports, nothing to explain.
        { IngressPointType.Open, Root, [], [25], null },
        { IngressPointType.Auth, Root, [], [25, 587], null },
        // Unprivileged: as many ports of the range, and why.
        { IngressPointType.Open, User, [], [2525],
          "Port 25 needs root or CAP_NET_BIND_SERVICE; proposing a free port of 2525–2599 instead." },
        { IngressPointType.Auth, User, [], [2525, 2526],
          "Ports 25 and 587 need root or CAP_NET_BIND_SERVICE; proposing free ports of 2525–2599 instead." },
        // Ports of the range already taken are skipped.
        { IngressPointType.Auth, User, [2525, 2527], [2526, 2528],
          "Ports 25 and 587 need root or CAP_NET_BIND_SERVICE; proposing free ports of 2525–2599 instead." },
        // Privileged, but an Open endpoint has 25 already: the Authenticated one still gets the submission port.
        { IngressPointType.Auth, Root, [25], [587], "Port 25 is already used by ingress endpoint 'other'; proposing 587 only." },
        // Privileged, and 25 is taken: a port of the range.
        { IngressPointType.Open, Root, [25], [2525],
          "Port 25 is already used by ingress endpoint 'other'; proposing a free port of 2525–2599 instead." },
        { IngressPointType.Auth, Root, [25, 587], [2525, 2526],
          "Port 25 is already used by ingress endpoint 'other'; Port 587 is already used by ingress endpoint 'other'; proposing free ports of 2525–2599 instead." },
        // The sysctl allows 587 but not 25.
        { IngressPointType.Auth, new PortBindingPrivileges(false, 0, 100), [], [587],
          "Port 25 needs root or CAP_NET_BIND_SERVICE; proposing 587 only." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Proposes_the_seed_ports_when_it_can_and_says_why_not_otherwise(
        IngressPointType type, PortBindingPrivileges privileges, int[] taken, int[] ports, string? reason)
    {
        var proposal = Propose(type, privileges, taken);

        Assert.Equal(ports, proposal.Ports);
        Assert.Equal(reason, proposal.Reason);
    }

    [Fact]
    public void A_host_that_does_not_prefer_standard_ports_gets_ports_of_its_range_even_as_root()
    {
        var proposal = IngressPortProposer.Propose(IngressPointType.Auth, Root, 2525, 2599, port => port == 2525 ? "taken" : null,
            preferStandardPorts: false);

        Assert.Equal([2526, 2527], proposal.Ports);
        Assert.Equal("The host prefers ports of its range (PreferStandardPorts is off); proposing free ports of 2525–2599 instead.", proposal.Reason);
    }

    [Fact]
    public void A_full_range_proposes_nothing_and_asks_for_a_port()
    {
        var proposal = Propose(IngressPointType.Open, User, [.. Enumerable.Range(2525, 75)]);

        Assert.Empty(proposal.Ports);
        Assert.Equal("Port 25 needs root or CAP_NET_BIND_SERVICE; no port of 2525–2599 is free either: enter one.", proposal.Reason);
    }

    [Fact]
    public void Ports_the_process_may_not_bind_are_not_probed()
    {
        var asked = new List<int>();

        IngressPortProposer.Propose(IngressPointType.Auth, User, 2525, 2599, port =>
        {
            asked.Add(port);
            return null;
        });

        Assert.Equal([2525, 2526], asked);
    }

    [Fact]
    public void The_seed_ports_are_25_for_open_and_25_and_587_for_authenticated()
    {
        Assert.Equal([25], IngressPortProposer.StandardPorts(IngressPointType.Open));
        Assert.Equal([25, 587], IngressPortProposer.StandardPorts(IngressPointType.Auth));
    }
}
