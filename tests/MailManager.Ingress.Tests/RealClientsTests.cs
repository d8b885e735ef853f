using System.Text;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MailManager.Core.IngressPoints;
using MimeKit;

namespace MailManager.Ingress.Tests;

/// <summary>The whole gateway as the clients people really use see it: one app, an open and an authenticated endpoint.</summary>
public sealed class RealClientsGateway : IAsyncLifetime
{
    public const string Password = "Real-Cl1ents-Passw0rd!";
    private readonly TemporaryFolder _folder = new();

    public GatewayApp App { get; private set; } = default!;

    public string SpoolFolder => Path.Combine(_folder.Path, "spool");

    public GatewayEndpoint Open { get; private set; } = default!;

    public GatewayEndpoint Authenticated { get; private set; } = default!;

    public GatewayEndpoint Endpoint(IngressPointType type) => type == IngressPointType.Auth ? Authenticated : Open;

    public async Task InitializeAsync()
    {
        App = new GatewayApp(_folder.Path);
        _ = App.Services; // starts the host: migrations, supervisor, listeners
        // keepInSpool: the rule set relays to a port where nothing listens, so each message stays in the spool,
        // retrying, for the test to compare with what the client sent.
        Open = await CreateAsync(new IngressPointDraft { Type = IngressPointType.Open });
        Authenticated = await CreateAsync(new IngressPointDraft { Type = IngressPointType.Auth, SmtpPassword = Password });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<GatewayEndpoint> CreateAsync(IngressPointDraft draft)
    {
        string id = await App.CreateEndpointAsync(draft, keepInSpool: true);
        IngressPoint endpoint = await App.WaitForStatusAsync(id, IngressPointStatus.Active);
        return new GatewayEndpoint(id, endpoint.Ports[0], draft.Type == IngressPointType.Auth);
    }
}

/// <summary>An endpoint of <see cref="RealClientsGateway"/>; on an authenticated one the AUTH user name is its ID.</summary>
public sealed record GatewayEndpoint(string Id, int Port, bool Authenticated);

/// <summary>
/// Real client programs (swaks, Python's smtplib, MailKit, openssl s_client) send over STARTTLS to the whole gateway,
/// open and authenticated, and the spool file must be the gateway's <c>Received:</c> header followed by exactly what
/// the client meant to send. Each client cuts its writes, and so its TLS records, its own way: the bug these guard
/// against (STARTTLS bodies above ~4 KB never got their reply) depended on exactly that.
/// </summary>
/// <remarks>
/// One app for the class (a class fixture): starting the host per test would cost more than most of the sends.
/// Tests in a class run one after another, so the 20 MiB sends never compete with each other for the two cores.
/// </remarks>
public sealed class RealClientsTests(RealClientsGateway gateway) : IClassFixture<RealClientsGateway>, IDisposable
{
    private const int MiB = 1024 * 1024;
    private const string From = "sender@example.org";
    private const string To = "someone@example.com";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    // Each test's own files: the message as the client reads it, the client's script.
    private readonly TemporaryFolder _work = new("mm-clients-");

    public void Dispose() => _work.Dispose();

    public static TheoryData<IngressPointType, int> Cases()
    {
        TheoryData<IngressPointType, int> cases = [];
        foreach (IngressPointType type in new[] { IngressPointType.Open, IngressPointType.Auth })
        {
            foreach (int size in new[] { 50_000, MiB, 20 * MiB })
            {
                cases.Add(type, size);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Swaks_sends_a_message_file_and_the_spool_holds_it_octet_for_octet(IngressPointType type, int size)
    {
        GatewayEndpoint endpoint = gateway.Endpoint(type);
        byte[] content = SwaksNeutral(TestMessages.Content(size, seed: size));
        // swaks appends CRLF "." CRLF to the data it read: a file ending in CRLF would gain an empty last line, so the
        // file holds the content without its final CRLF.
        string file = Path.Combine(_work.Path, "message.eml");
        await File.WriteAllBytesAsync(file, content[..^2]);

        List<string> arguments =
        [
            "--server", $"127.0.0.1:{endpoint.Port}", "--tls", "--from", From, "--to", To,
            "--data", "@" + file, "--suppress-data", "--timeout", "60",
        ];
        if (endpoint.Authenticated)
        {
            arguments.AddRange(["--auth", "LOGIN", "--auth-user", endpoint.Id, "--auth-password", RealClientsGateway.Password]);
        }

        ExternalProcess.Result swaks = await ExternalProcess.RunAsync("swaks", arguments, Timeout);

        Assert.True(swaks.ExitCode == 0, $"swaks exited with {swaks.ExitCode}:\n{swaks.All}");
        string queueId = QueueId(swaks.All, @"<~  250 2\.0\.0 Ok: queued as (msg-[a-z0-9]{26})\r?$");
        await AssertSpooledAsync(endpoint, queueId, TestMessages.Stored(content));
    }

    [Fact]
    public async Task The_bug_reports_swaks_command_with_a_base64_attachment_gets_250_and_the_attachment_intact()
    {
        // The report's two commands as they were typed: 50,000 random octets in base64 (about 67 KB), attached.
        GatewayEndpoint endpoint = gateway.Open;
        ExternalProcess.Result made = await ExternalProcess.RunAsync("bash", ["-c", "head -c 50000 /dev/urandom | base64 > att.txt"], Timeout, workingDirectory: _work.Path);
        Assert.True(made.ExitCode == 0, made.All);
        byte[] attachment = await File.ReadAllBytesAsync(Path.Combine(_work.Path, "att.txt"));

        // This swaks (20201014) still takes a bare file name for --attach, with a deprecation warning ("@att.txt"
        // is the new spelling): the report's command works as typed.
        ExternalProcess.Result swaks = await ExternalProcess.RunAsync(
            "swaks",
            ["--server", $"127.0.0.1:{endpoint.Port}", "--tls", "--from", "a@example.org", "--to", "b@example.com", "--attach", "att.txt"],
            Timeout,
            workingDirectory: _work.Path);

        Assert.True(swaks.ExitCode == 0, $"swaks exited with {swaks.ExitCode}:\n{swaks.All}");
        string queueId = QueueId(swaks.All, @"<~  250 2\.0\.0 Ok: queued as (msg-[a-z0-9]{26})\r?$");
        byte[] decoded = await DecodedAttachmentAsync(await SpooledMessageAsync(endpoint, queueId));
        Assert.True(attachment.AsSpan().SequenceEqual(decoded), "The attachment decoded from the spool file is not att.txt: " + StoredMessage.Difference(attachment, decoded));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Python_smtplib_sends_the_content_in_one_sendall_and_the_spool_holds_it_octet_for_octet(IngressPointType type, int size)
    {
        GatewayEndpoint endpoint = gateway.Endpoint(type);
        byte[] content = TestMessages.Content(size, seed: size);
        string file = Path.Combine(_work.Path, "message.eml");
        await File.WriteAllBytesAsync(file, content);
        string script = Path.Combine(_work.Path, "send.py");
        await File.WriteAllTextAsync(script, PythonSender);

        ExternalProcess.Result python = await ExternalProcess.RunAsync(
            "python3",
            [script, "127.0.0.1", endpoint.Port.ToString(), file, endpoint.Authenticated ? endpoint.Id : "", RealClientsGateway.Password],
            Timeout);

        Assert.True(python.ExitCode == 0, $"python3 exited with {python.ExitCode}:\n{python.All}");
        string queueId = QueueId(python.Output, @"^250 2\.0\.0 Ok: queued as (msg-[a-z0-9]{26})$");
        await AssertSpooledAsync(endpoint, queueId, TestMessages.Stored(content));
    }

    // sendmail() would do the same dot-stuffing and the single sendall, but returns no 250 text: mail(), rcpt() and
    // data() give the queue ID. data() with bytes dot-stuffs them and adds CRLF "." CRLF, nothing else. local_hostname
    // spares the EHLO a getfqdn() (a DNS lookup) that can be slow on a test machine.
    private const string PythonSender = """
        import smtplib, ssl, sys

        host, port, path, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
        with open(path, "rb") as f:
            content = f.read()

        with smtplib.SMTP(host, port, local_hostname="python.test", timeout=60) as smtp:
            smtp.ehlo()
            smtp.starttls(context=ssl._create_unverified_context())
            smtp.ehlo()
            if user:
                smtp.login(user, password)
            for reply in (smtp.mail("sender@example.org"), smtp.rcpt("someone@example.com")):
                if reply[0] != 250:
                    sys.exit(f"refused: {reply[0]} {reply[1].decode()}")
            code, text = smtp.data(content)
            print(code, text.decode())
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MailKit_sends_a_message_with_an_attachment_and_the_spool_holds_it_as_mailkit_serialises_it(IngressPointType type, int size)
    {
        GatewayEndpoint endpoint = gateway.Endpoint(type);
        (MimeMessage message, byte[] octets) = MessageWithAttachment(size);
        using MimeMessage disposed = message;
        ServerReplies replies = new();

        using (SmtpClient client = new(replies) { ServerCertificateValidationCallback = (_, _, _, _) => true, Timeout = 60_000 })
        {
            await client.ConnectAsync("127.0.0.1", endpoint.Port, SecureSocketOptions.StartTls);
            if (endpoint.Authenticated)
            {
                await client.AuthenticateAsync(endpoint.Id, RealClientsGateway.Password);
            }

            await client.SendAsync(message);
            await client.DisconnectAsync(true);
        }

        // MailKit prepares the message for the server (transfer encodings, line lengths) as it sends: serialised
        // afterwards, the way SmtpClient writes DATA (CRLF line ends, a final line break), it is what went out.
        FormatOptions options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        options.EnsureNewLine = true;
        using MemoryStream expected = new();
        await message.WriteToAsync(options, expected);

        string queueId = QueueId(replies.Text, @"^250 2\.0\.0 Ok: queued as (msg-[a-z0-9]{26})\r?$");
        byte[] stored = await AssertSpooledAsync(endpoint, queueId, expected.ToArray());
        // And, not taking MailKit's word for it, the attachment in the spool decodes to the octets attached.
        byte[] decoded = await DecodedAttachmentAsync(stored);
        Assert.True(octets.AsSpan().SequenceEqual(decoded), "The attachment decoded from the spool file is not the one attached: " + StoredMessage.Difference(octets, decoded));
    }

    private static (MimeMessage Message, byte[] Octets) MessageWithAttachment(int size)
    {
        // A text part with lines MailKit must dot-stuff and 8-bit text, and random octets whose base64 makes up the
        // size. No transfer encodings are set: MailKit picks them for what the server offers (8BITMIME) as it sends.
        TextPart text = new("plain") { Text = "Grüße, and lines the client must dot-stuff:\r\n.one dot\r\n..two dots\r\n.\r\nend\r\n" };
        byte[] octets = new byte[size * 3 / 4];
        new Random(size).NextBytes(octets);
        MimePart attachment = new("application", "octet-stream")
        {
            Content = new MimeContent(new MemoryStream(octets)),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            FileName = "random.bin",
        };
        MimeMessage message = new();
        message.From.Add(MailboxAddress.Parse(From));
        message.To.Add(MailboxAddress.Parse(To));
        message.Subject = $"MailKit, {size} octets";
        message.Body = new Multipart("mixed") { text, attachment };
        return (message, octets);
    }

    /// <summary>Keeps the server's replies (not the client's DATA, 20 MiB of it): MailKit hands back only their text.</summary>
    private sealed class ServerReplies : IProtocolLogger
    {
        private readonly StringBuilder _text = new();

        public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void LogConnect(Uri uri)
        {
        }

        public void LogClient(byte[] buffer, int offset, int count)
        {
        }

        public void LogServer(byte[] buffer, int offset, int count)
        {
            lock (_text)
            {
                _text.Append(Encoding.Latin1.GetString(buffer, offset, count));
            }
        }

        public void Dispose()
        {
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Openssl_s_client_driven_line_by_line_sends_the_body_in_large_pieces_and_the_spool_holds_it_octet_for_octet(IngressPointType type, int size)
    {
        GatewayEndpoint endpoint = gateway.Endpoint(type);
        byte[] content = TestMessages.Content(size, seed: size);

        // No -crlf: it would turn each LF into CRLF, so the test writes CRLF itself and s_client passes octets through.
        // -quiet keeps session details off the output (which then holds only the server's replies) and implies
        // -ign_eof; -nocommands stops a write that starts with Q, R, K or k from meaning quit, renegotiate or key update.
        // s_client does the plaintext EHLO and STARTTLS itself and swallows their replies; the EHLO after TLS is ours.
        await using InteractiveProcess openssl = InteractiveProcess.Start(
            "openssl",
            ["s_client", "-starttls", "smtp", "-name", "openssl.test", "-connect", $"127.0.0.1:{endpoint.Port}", "-quiet", "-ign_eof", "-nocommands"]);

        await CommandAsync(openssl, "EHLO openssl.test", "250");
        if (endpoint.Authenticated)
        {
            string plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{endpoint.Id}\0{RealClientsGateway.Password}"));
            await openssl.WriteAsync(Encoding.ASCII.GetBytes($"AUTH PLAIN {plain}\r\n"), Timeout, "AUTH PLAIN <credentials>");
            await ExpectReplyAsync(openssl, "235");
        }

        await CommandAsync(openssl, $"MAIL FROM:<{From}>", "250");
        await CommandAsync(openssl, $"RCPT TO:<{To}>", "250");
        await CommandAsync(openssl, "DATA", "354");
        byte[] wire = TestMessages.Wire(content);
        foreach (ReadOnlyMemory<byte> piece in Pieces(wire))
        {
            await openssl.WriteAsync(piece, Timeout);
        }

        string queued = await ExpectReplyAsync(openssl, "250");
        await CommandAsync(openssl, "QUIT", "221");
        // After 221 the gateway closes the connection, and s_client ends on its own.
        int exitCode = await openssl.WaitForExitAsync(Timeout);

        Assert.True(exitCode == 0, $"openssl exited with {exitCode}:\n{openssl.Transcript}");
        string queueId = QueueId(queued, @"^250 2\.0\.0 Ok: queued as (msg-[a-z0-9]{26})$");
        await AssertSpooledAsync(endpoint, queueId, TestMessages.Stored(content));
    }

    // Large pieces (256 KiB) as a script piping a file into s_client would; s_client reads them from the pipe and
    // writes TLS records of its own size.
    private static IEnumerable<ReadOnlyMemory<byte>> Pieces(ReadOnlyMemory<byte> data)
    {
        const int piece = 256 * 1024;
        for (int offset = 0; offset < data.Length; offset += piece)
        {
            yield return data.Slice(offset, Math.Min(piece, data.Length - offset));
        }
    }

    private static async Task CommandAsync(InteractiveProcess client, string command, string expectedCode)
    {
        await client.WriteLineAsync(command, Timeout);
        await ExpectReplyAsync(client, expectedCode);
    }

    /// <summary>Reads one SMTP reply (its lines up to "ddd text") and returns its last line; fails on another code.</summary>
    private static async Task<string> ExpectReplyAsync(InteractiveProcess client, string expectedCode)
    {
        while (true)
        {
            string line = await client.ReadLineAsync(Timeout) ?? throw new Xunit.Sdk.XunitException($"The client's output ended before a {expectedCode} reply.\n{client.Transcript}");
            if (line.Length >= 4 && char.IsAsciiDigit(line[0]) && line[3] == '-')
            {
                continue;
            }

            Assert.True(line.StartsWith(expectedCode + " ", StringComparison.Ordinal), $"Expected a {expectedCode} reply, got '{line}'.\n{client.Transcript}");
            return line;
        }
    }

    /// <summary>
    /// swaks massages a --data file unless told not to (--no-data-fixup, which also stops it dot-stuffing): it turns
    /// the two characters \n into CRLF, replaces tokens such as %DATE% and %FROM_ADDRESS%, drops a leading "From "
    /// line and a last line that is a lone dot, and turns bare LF into CRLF. The content is made neutral to that, so
    /// what swaks sends is still the file, dot-stuffed: backslashes and percent signs become other octets, and a last
    /// line of "." becomes "x".
    /// </summary>
    private static byte[] SwaksNeutral(byte[] content)
    {
        byte[] neutral = content.Select(b => b switch { (byte)'\\' => (byte)'/', (byte)'%' => (byte)'#', _ => b }).ToArray();
        if (neutral.AsSpan().EndsWith("\r\n.\r\n"u8))
        {
            neutral[^3] = (byte)'x';
        }

        return neutral;
    }

    private async Task<byte[]> SpooledMessageAsync(GatewayEndpoint endpoint, string queueId)
    {
        string file = Path.Combine(gateway.SpoolFolder, queueId + ".eml");
        Assert.True(File.Exists(file), $"The gateway answered 250 for {queueId} but its spool has no {file}.");
        (string received, byte[] message) = StoredMessage.SplitReceived(await File.ReadAllBytesAsync(file));

        // The trace header (which names the engine's session, not the queue ID) says TLS and authentication as the
        // gateway saw them.
        string protocol = endpoint.Authenticated ? " with ESMTPSA " : " with ESMTPS ";
        string auth = endpoint.Authenticated ? "; authenticated)" : "; not authenticated)";
        Assert.True(received.Contains(protocol, StringComparison.Ordinal) && received.Contains(auth, StringComparison.Ordinal), $"Expected '{protocol.Trim()}' and '{auth}' in:\n{received}");
        return message;
    }

    private async Task<byte[]> AssertSpooledAsync(GatewayEndpoint endpoint, string queueId, byte[] expected)
    {
        byte[] message = await SpooledMessageAsync(endpoint, queueId);
        Assert.True(expected.AsSpan().SequenceEqual(message), $"The spool file of {queueId} is not what the client sent: {StoredMessage.Difference(expected, message)}");
        return message;
    }

    /// <summary>The content of the one attachment of a stored message, decoded from its transfer encoding.</summary>
    private static async Task<byte[]> DecodedAttachmentAsync(byte[] message)
    {
        using MimeMessage parsed = await MimeMessage.LoadAsync(new MemoryStream(message));
        MimePart part = Assert.Single(parsed.BodyParts.OfType<MimePart>(), p => p.IsAttachment);
        Assert.Equal(ContentEncoding.Base64, part.ContentTransferEncoding);
        Assert.NotNull(part.Content);
        using MemoryStream decoded = new();
        await part.Content.DecodeToAsync(decoded);
        return decoded.ToArray();
    }

    private static string QueueId(string output, string pattern) =>
        Regex.Match(output, pattern, RegexOptions.Multiline) is { Success: true } match
            ? match.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"No '250 2.0.0 Ok: queued as msg-…' reply in the client's output:\n{output}");
}
