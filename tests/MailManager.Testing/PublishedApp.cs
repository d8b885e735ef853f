using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace MailManager.Testing;

/// <summary>
/// The app as an administrator installs it: <c>dotnet publish</c> (Release) into a folder of its own, started with
/// <c>dotnet MailManager.Web.dll</c> as a separate process from a working directory that is neither the install
/// folder nor the data folder, with the environment of deploy/mailmanager.service. What WebApplicationFactory cannot
/// show (content root, web root, signals, exit codes) shows here.
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PublishedApp(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>The console, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public string BaseUrl { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The publish folder, published once per test run.</summary>
    public static Task<string> InstallFolderAsync() => Published.Value;

    /// <summary>
    /// Starts the published app with the unit's environment, <paramref name="dataDirectory"/> as its data folder,
    /// the console on a free loopback port, and <paramref name="settings"/> on top; waits until the console answers.
    /// </summary>
    /// <param name="installFolder">Another copy of the published app to start; the shared publish folder by default.</param>
    /// <param name="arguments">Command-line arguments after the dll.</param>
    public static async Task<PublishedApp> StartAsync(
        string dataDirectory,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? settings = null,
        string? installFolder = null,
        IEnumerable<string>? arguments = null)
    {
        string install = installFolder ?? await InstallFolderAsync();
        string baseUrl = $"http://127.0.0.1:{FreePort.Next()}/";
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(install, "MailManager.Web.dll"));
        foreach (string argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in ServiceUnit.Environment())
        {
            start.Environment[name] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = baseUrl.TrimEnd('/');
        start.Environment["MailManager__DataDirectory"] = dataDirectory;
        foreach ((string name, string value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        PublishedApp app = new(process, baseUrl);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilListeningAsync(new Uri(baseUrl).Port);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Sends SIGTERM, as systemd stops a service, and waits for the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        ExternalProcess.Result kill = await ExternalProcess.RunAsync("bash", ["-c", $"kill -TERM {_process.Id}"], TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed: {kill.All}");
        }

        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>Kills the process with SIGKILL, as a power cut or the OOM killer does: nothing of it runs after this.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits until a line the app wrote contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        using CancellationTokenSource limit = new(timeout);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (limit.IsCancellationRequested || _process.HasExited)
            {
                throw new TimeoutException($"The app never wrote '{text}':\n{Output}");
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task<string> PublishAsync()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mm-published-" + Guid.NewGuid().ToString("N"));
        ExternalProcess.Result publish = await ExternalProcess.RunAsync(
            "dotnet",
            ["publish", RepositoryRoot.Combine("src", "MailManager.Web"), "-c", "Release", "-o", folder, "--nologo", "--disable-build-servers", "-v", "quiet"],
            TimeSpan.FromMinutes(8));
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{publish.All}");
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        using CancellationTokenSource limit = new(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (_process.HasExited)
            {
                // Also waits until the output handlers have seen the last lines (the reason it stopped).
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"The published app exited with {_process.ExitCode} before listening:\n{Output}");
            }

            try
            {
                using TcpClient probe = new();
                await probe.ConnectAsync("127.0.0.1", port, limit.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The published app did not listen on {port} within 60 s:\n{Output}");
            }
        }
    }
}
