using MailManager.Core.IngressPoints;

namespace MailManager.Core.Tests.IngressPoints;

public sealed class IngressPointValidatorTests
{
    private static IngressPointDraft Draft(string bindAddress, params int?[] ports) => new()
    {
        Name = "smtp-in",
        Type = IngressPointType.Open,
        TrafficPolicyId = "tp-x",
        RuleSetId = "rs-x",
        BindAddress = bindAddress,
        Ports = ports.Select(p => new IngressPortDraft { Port = p }).ToList(),
    };

    [Theory]
    [InlineData("0.0.0.0", new[] { 25 })]
    [InlineData("127.0.0.1", new[] { 25, 587 })]
    [InlineData("::", new[] { 2525 })]
    [InlineData(" 192.0.2.10 ", new[] { 1, 65535 })]
    public void Addresses_and_distinct_ports_in_range_are_valid(string bindAddress, int[] ports) =>
        Assert.True(IngressPointValidator.Validate(Draft(bindAddress, ports.Select(p => (int?)p).ToArray())).IsValid);

    public static TheoryData<int?[], int, string> InvalidPorts => new()
    {
        { [null], 0, "Enter the port." },
        { [0], 0, "The port must be between 1 and 65535." },
        { [25, 65536], 1, "The port must be between 1 and 65535." },
        { [25, -1], 1, "The port must be between 1 and 65535." },
        { [25, 587, 25], 2, "Port 25 is listed twice." },
    };

    [Theory]
    [MemberData(nameof(InvalidPorts))]
    public void Each_port_is_checked_on_its_own_field(int?[] ports, int index, string message)
    {
        var errors = IngressPointValidator.Validate(Draft("0.0.0.0", ports));

        Assert.Equal(message, Assert.Single(errors.For(IngressPointValidator.PortField(index))));
        Assert.Equal([IngressPointValidator.PortField(index)], errors.ByField.Keys);
    }

    [Fact]
    public void The_port_field_key_is_the_path_of_the_form_field() =>
        Assert.Equal("Ports[1].Port", IngressPointValidator.PortField(1));

    [Theory]
    [InlineData(0, "Add at least one port.")]
    [InlineData(IngressPointValidator.MaxPorts + 1, "An ingress endpoint listens on at most 10 ports.")]
    public void The_number_of_ports_is_bounded(int count, string message)
    {
        var ports = Enumerable.Range(2525, count).Select(p => (int?)p).ToArray();

        Assert.Equal(message, Assert.Single(IngressPointValidator.Validate(Draft("0.0.0.0", ports)).For(nameof(IngressPointDraft.Ports))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost")]
    [InlineData("300.1.1.1")]
    public void The_bind_address_must_be_an_ip_address(string bindAddress) =>
        Assert.Single(IngressPointValidator.Validate(Draft(bindAddress, 25)).For(nameof(IngressPointDraft.BindAddress)));

    [Fact]
    public void General_details_check_the_network_the_same_way()
    {
        var errors = IngressPointValidator.ValidateGeneral(new IngressPointGeneralDraft
        {
            BindAddress = "nowhere",
            Ports = IngressPortDraft.Of(587, 587),
        });

        Assert.Single(errors.For(nameof(IngressPointGeneralDraft.BindAddress)));
        Assert.Equal("Port 587 is listed twice.", Assert.Single(errors.For("Ports[1].Port")));
    }

    [Fact]
    public void Stored_ports_are_ascending() =>
        Assert.Equal([25, 587, 2525], IngressPointValidator.PortsOf(Draft("0.0.0.0", 2525, 587, 25)));
}
