using MailManager.Core.RuleSets.Actions;

namespace MailManager.Core.Tests.RuleSets;

public sealed class LmtpServerTests
{
    [Theory]
    [InlineData("mail.example.com", "mail.example.com", 24, "mail.example.com:24")]
    [InlineData("  Mail.Example.COM  ", "mail.example.com", 24, "mail.example.com:24")]
    [InlineData("mail.example.com:2424", "mail.example.com", 2424, "mail.example.com:2424")]
    [InlineData("localhost:1", "localhost", 1, "localhost:1")]
    [InlineData("localhost:65535", "localhost", 65535, "localhost:65535")]
    [InlineData("127.0.0.1:24", "127.0.0.1", 24, "127.0.0.1:24")]
    [InlineData("192.0.2.7", "192.0.2.7", 24, "192.0.2.7:24")]
    [InlineData("[::1]:2424", "::1", 2424, "[::1]:2424")]
    [InlineData("[::1]", "::1", 24, "[::1]:24")]
    [InlineData("[2001:DB8:0:0::1]:24", "2001:db8::1", 24, "[2001:db8::1]:24")]
    [InlineData("dovecot-1", "dovecot-1", 24, "dovecot-1:24")]
    public void Hosts_with_an_optional_port_are_read_with_24_as_the_default(string text, string host, int port, string canonical)
    {
        Assert.True(LmtpServer.TryParse(text, out var server, out var error), error);
        Assert.Equal(LmtpServer.Tcp(host, port), server);
        Assert.False(server.IsUnixSocket);
        Assert.Null(server.SocketPath);
        Assert.Equal(canonical, server.ToString());
    }

    [Theory]
    [InlineData("/run/dovecot/lmtp", "/run/dovecot/lmtp")]
    [InlineData("unix:/run/dovecot/lmtp", "/run/dovecot/lmtp")]
    [InlineData("UNIX: /var/spool/postfix/private/dovecot-lmtp ", "/var/spool/postfix/private/dovecot-lmtp")]
    [InlineData("/tmp/with space/lmtp", "/tmp/with space/lmtp")]
    public void Absolute_paths_name_a_unix_socket(string text, string path)
    {
        Assert.True(LmtpServer.TryParse(text, out var server, out var error), error);
        Assert.Equal(LmtpServer.UnixSocket(path), server);
        Assert.True(server.IsUnixSocket);
        Assert.Null(server.Host);
        Assert.Equal(path, server.ToString());
    }

    [Theory]
    [InlineData(null, LmtpServer.EnterMessage)]
    [InlineData("", LmtpServer.EnterMessage)]
    [InlineData("   ", LmtpServer.EnterMessage)]
    [InlineData("mail.example.com:0", "The port must be a number between 1 and 65535.")]
    [InlineData("mail.example.com:65536", "The port must be a number between 1 and 65535.")]
    [InlineData("mail.example.com:", "The port must be a number between 1 and 65535.")]
    [InlineData("mail.example.com:lmtp", "The port must be a number between 1 and 65535.")]
    [InlineData("mail.example.com:-24", "The port must be a number between 1 and 65535.")]
    [InlineData("mail.example.com: 24", "The port must be a number between 1 and 65535.")]
    [InlineData("[::1]:99999", "The port must be a number between 1 and 65535.")]
    [InlineData(":24", "The host is a name of up to 253 letters, numbers, hyphens (-) and periods (.), or an IP address.")]
    [InlineData("mail_server", "The host is a name of up to 253 letters, numbers, hyphens (-) and periods (.), or an IP address.")]
    [InlineData("mail server", "The host is a name of up to 253 letters, numbers, hyphens (-) and periods (.), or an IP address.")]
    [InlineData("-mail.example.com", "The host is a name of up to 253 letters, numbers, hyphens (-) and periods (.), or an IP address.")]
    [InlineData("mail..example.com", "The host is a name of up to 253 letters, numbers, hyphens (-) and periods (.), or an IP address.")]
    [InlineData("::1", "Write an IPv6 address in brackets, as in [2001:db8::1]:24.")]
    [InlineData("2001:db8::1:24", "Write an IPv6 address in brackets, as in [2001:db8::1]:24.")]
    [InlineData("[::1:24", "An IPv6 address in brackets needs its closing bracket, as in [2001:db8::1]:24.")]
    [InlineData("[127.0.0.1]:24", "Brackets hold an IPv6 address, as in [2001:db8::1]:24.")]
    [InlineData("[mail.example.com]", "Brackets hold an IPv6 address, as in [2001:db8::1]:24.")]
    [InlineData("[::1]24", LmtpServer.EnterMessage)]
    [InlineData("run/dovecot/lmtp", "A Unix socket path must be absolute, such as /run/dovecot/lmtp.")]
    [InlineData("unix:run/dovecot/lmtp", "A Unix socket path must be absolute, such as /run/dovecot/lmtp.")]
    [InlineData("unix:", "A Unix socket path must be absolute, such as /run/dovecot/lmtp.")]
    [InlineData("/run/dovecot/", "A Unix socket path names the socket, not a folder: remove the final slash.")]
    [InlineData("/run/dove\tcot", "A Unix socket path cannot contain control characters.")]
    public void Unreadable_text_gets_a_message_saying_why(string? text, string message)
    {
        Assert.False(LmtpServer.TryParse(text, out var server, out var error));
        Assert.Null(server);
        Assert.Equal(message, error);
    }

    [Fact]
    public void A_host_name_may_have_253_characters_but_not_254()
    {
        var label = new string('a', 63);
        var longest = $"{label}.{label}.{label}.{new string('b', 61)}";
        Assert.Equal(253, longest.Length);
        Assert.True(LmtpServer.TryParse(longest, out _, out _));
        Assert.False(LmtpServer.TryParse(longest + "b", out _, out var error));
        Assert.StartsWith("The host is a name of up to 253", error);
        Assert.False(LmtpServer.TryParse(new string('a', 64) + ".example.com", out _, out _));
    }

    [Fact]
    public void A_socket_path_must_fit_the_108_bytes_of_sun_path()
    {
        var longest = "/" + new string('s', LmtpServer.MaxSocketPathBytes - 1);
        Assert.True(LmtpServer.TryParse(longest, out _, out _));
        Assert.False(LmtpServer.TryParse(longest + "s", out _, out var error));
        Assert.Equal("A Unix socket path can be at most 107 bytes long.", error);
        // Bytes, not characters: each é is two bytes in the socket address.
        Assert.False(LmtpServer.TryParse("/" + new string('é', 54), out _, out _));
    }

    [Theory]
    [InlineData("mail.example.com")]
    [InlineData("[2001:db8::1]:2525")]
    [InlineData("unix:/run/dovecot/lmtp")]
    public void The_canonical_text_reads_back_to_the_same_server(string text)
    {
        Assert.True(LmtpServer.TryParse(text, out var server, out _));
        Assert.True(LmtpServer.TryParse(server.ToString(), out var again, out _));
        Assert.Equal(server, again);
    }
}
