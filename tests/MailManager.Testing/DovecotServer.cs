using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace MailManager.Testing;

/// <summary>
/// A private Dovecot (Debian's dovecot-lmtpd, 2.3) for one test: its own configuration, runtime folder and
/// Maildirs under a temporary folder, LMTP on a free loopback TCP port and on a Unix socket. It knows the users
/// in <see cref="Users"/> and refuses any other at RCPT (550 5.1.1). Disposing it stops Dovecot and removes
/// everything it wrote.
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string Alice = "alice@example.com";
    public const string Bob = "bob@example.com";

    /// <summary>The users Dovecot delivers to; everyone else is unknown.</summary>
    public static readonly IReadOnlyList<string> Users = [Alice, Bob];

    private const string Program = "/usr/sbin/dovecot";
    private const string LmtpProgram = "/usr/lib/dovecot/lmtp";
    private const int SigTerm = 15;

    private readonly TemporaryFolder _folder;
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DovecotServer(TemporaryFolder folder, Process process, int port)
    {
        _folder = folder;
        _process = process;
        Port = port;
    }

    /// <summary>The loopback address LMTP listens on.</summary>
    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>LMTP's Unix socket, in Dovecot's base_dir.</summary>
    public string SocketPath => Path.Combine(_folder.Path, "run", "lmtp");

    /// <summary>What Dovecot logged so far (it logs to standard error): for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Dovecot and returns once both listeners take connections.</summary>
    public static async Task<DovecotServer> StartAsync()
    {
        if (!File.Exists(Program) || !File.Exists(LmtpProgram))
        {
            throw new InvalidOperationException($"Dovecot's LMTP server is not installed ({Program}, {LmtpProgram}); ./test.sh installs dovecot-lmtpd.");
        }

        var folder = new TemporaryFolder("mm-dovecot-");
        Process? process = null;
        try
        {
            var port = FreePort.Next();
            var configPath = WriteConfiguration(folder.Path, port);
            ProcessStartInfo start = new(Program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "-c", configPath, "-F" },
            };
            process = Process.Start(start) ?? throw new InvalidOperationException("Dovecot did not start.");
            var server = new DovecotServer(folder, process, port);
            process.OutputDataReceived += (_, e) => server.Append(e.Data);
            process.ErrorDataReceived += (_, e) => server.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            if (process is not null)
            {
                await StopAsync(process);
                process.Dispose();
            }
            folder.Dispose();
            throw;
        }
    }

    /// <summary>The files of the messages in a user's Maildir INBOX (<c>new/</c> and <c>cur/</c>), oldest first.</summary>
    public IReadOnlyList<string> MessageFiles(string user)
    {
        var maildir = Path.Combine(_folder.Path, "mail", user);
        return new[] { "new", "cur" }
            .Select(sub => Path.Combine(maildir, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .OrderBy(File.GetLastWriteTimeUtc)
            .ThenBy(path => Path.GetFileName(path), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The stored messages of a user, as Dovecot wrote them (its own Return-Path and Received headers first).</summary>
    public IReadOnlyList<byte[]> Messages(string user) => MessageFiles(user).Select(File.ReadAllBytes).ToList();

    /// <summary>
    /// Waits until a user's Maildir holds <paramref name="count"/> messages (delivery through the processor is
    /// asynchronous) and returns them; the timeout's message includes Dovecot's log.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> WaitForMessagesAsync(string user, int count, TimeSpan? timeout = null)
    {
        try
        {
            return await PollFor.ValueAsync(
                () => Task.FromResult<IReadOnlyList<byte[]>?>(MessageFiles(user).Count >= count ? Messages(user) : null),
                $"{count} message(s) for {user}", timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} {user} has {MessageFiles(user).Count}. Dovecot's log:\n{Log}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        _process.Dispose();
        _folder.Dispose();
    }

    private static string WriteConfiguration(string root, int port)
    {
        var run = Path.Combine(root, "run");
        var mail = Path.Combine(root, "mail");
        Directory.CreateDirectory(Path.Combine(root, "state"));
        Directory.CreateDirectory(mail);

        // Dovecot never stores mail as root (a userdb UID 0 is refused): as root it stores as the dovecot user
        // the package creates, which then needs to create the Maildirs; otherwise everything runs as ourselves.
        var (uid, gid) = CurrentIds();
        string mailUser, mailGroup, internalUser;
        if (uid == 0)
        {
            (mailUser, mailGroup, internalUser) = ("dovecot", "dovecot", "root");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(mail, (UnixFileMode)0b111_111_111);
            }
        }
        else
        {
            (mailUser, mailGroup, internalUser) = (uid.ToString(CultureInfo.InvariantCulture), gid.ToString(CultureInfo.InvariantCulture), Environment.UserName);
        }

        // passwd-file: user:password:uid:gid:gecos:home:shell:extra. A passdb is required even though LMTP only asks the userdb.
        var users = Path.Combine(root, "users");
        File.WriteAllLines(users, Users.Select(user => $"{user}:{{PLAIN}}unused:{mailUser}:{mailGroup}::{Path.Combine(root, "home", user)}::"));

        var config = Path.Combine(root, "dovecot.conf");
        File.WriteAllText(config, $$"""
            # Written by MailManager.Testing.DovecotServer for one test (Dovecot 2.3).
            base_dir = {{run}}
            state_dir = {{Path.Combine(root, "state")}}
            instance_name = {{Path.GetFileName(root)}}
            protocols = lmtp
            listen = 127.0.0.1
            ssl = no
            log_path = /dev/stderr
            default_internal_user = {{internalUser}}
            default_internal_group = {{(uid == 0 ? "root" : gid.ToString(CultureInfo.InvariantCulture))}}
            default_login_user = {{internalUser}}
            first_valid_uid = 1
            first_valid_gid = 1
            postmaster_address = postmaster@example.com
            hostname = dovecot.test
            mail_location = maildir:{{mail}}/%u
            # Store lines as they arrive (CRLF), so a test can compare the stored message with what was sent.
            mail_save_crlf = yes
            passdb {
              driver = passwd-file
              args = {{users}}
            }
            userdb {
              driver = passwd-file
              args = {{users}}
            }
            service lmtp {
              inet_listener lmtp {
                address = 127.0.0.1
                port = {{port}}
              }
              unix_listener lmtp {
                mode = 0666
              }
            }
            """);
        return config;
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                // Let the output readers deliver the last lines before they are reported.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"Dovecot exited with code {_process.ExitCode} before it listened:\n{Log}");
            }
            if (await AcceptsAsync(new IPEndPoint(IPAddress.Loopback, Port)) && await AcceptsAsync(new UnixDomainSocketEndPoint(SocketPath)))
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Dovecot did not listen on {Host}:{Port} and {SocketPath} within {timeout}:\n{Log}");
            }
            await Task.Delay(25);
        }
    }

    private static async Task<bool> AcceptsAsync(EndPoint endPoint)
    {
        if (endPoint is UnixDomainSocketEndPoint && !File.Exists(endPoint.ToString()))
        {
            return false;
        }
        using var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(endPoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM lets Dovecot stop its child processes itself; a kill of the whole tree is the fallback.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        if (Kill(process.Id, SigTerm) == 0)
        {
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
                return;
            }
            catch (TimeoutException)
            {
            }
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Append(line).Append('\n');
            }
        }
    }

    /// <summary>The real user and group IDs of this process, from /proc (no P/Invoke for two numbers).</summary>
    private static (int Uid, int Gid) CurrentIds()
    {
        int Field(string name) => File.ReadLines("/proc/self/status")
            .Where(line => line.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(line => int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .First();
        return (Field("Uid"), Field("Gid"));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
