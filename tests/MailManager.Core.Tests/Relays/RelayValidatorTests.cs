using MailManager.Core.Relays;

namespace MailManager.Core.Tests.Relays;

public sealed class RelayValidatorTests
{
    [Theory]
    [InlineData("aspmx.l.google.com", 25)]
    [InlineData("acme-com.mail.protection.outlook.com", 25)]
    [InlineData("127.0.0.1", 2525)]
    [InlineData("exchange", 65535)]
    public void Host_names_and_ports_in_range_are_valid(string server, int port) =>
        Assert.True(RelayValidator.Validate(new RelayDraft { Name = "to-exchange", ServerName = server, ServerPort = port }).IsValid);

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(-1)]
    public void Ports_outside_1_to_65535_are_refused(int port) =>
        Assert.Equal("The port must be between 1 and 65535.",
            Assert.Single(RelayValidator.Validate(new RelayDraft { Name = "relay", ServerName = "mx", ServerPort = port }).For(nameof(RelayDraft.ServerPort))));

    [Fact]
    public void A_missing_port_and_server_are_each_reported()
    {
        var errors = RelayValidator.Validate(new RelayDraft { Name = "relay", ServerName = "", ServerPort = null });

        Assert.Equal("Enter the server name.", Assert.Single(errors.For(nameof(RelayDraft.ServerName))));
        Assert.Equal("Enter the port.", Assert.Single(errors.For(nameof(RelayDraft.ServerPort))));
    }

    [Theory]
    [InlineData("mail_server")]
    [InlineData("smtp://host")]
    [InlineData("host name")]
    public void Server_names_are_host_names(string server) =>
        Assert.Single(RelayValidator.Validate(new RelayDraft { Name = "relay", ServerName = server, ServerPort = 25 }).For(nameof(RelayDraft.ServerName)));
}
