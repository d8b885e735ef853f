using System.Diagnostics;
using System.Text;

namespace MailManager.Testing;

/// <summary>
/// Drives a real client program (openssl s_client) a step at a time: the test writes to its standard input, reads
/// the lines it prints, then decides what to write next. Every wait is bounded, and a failure names what was
/// written and read so far, with the program's standard error.
/// </summary>
public sealed class InteractiveProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _transcript = new();
    private readonly StringBuilder _error = new();
    private readonly string _program;

    private InteractiveProcess(string program, Process process)
    {
        _program = program;
        _process = process;
    }

    /// <summary>What was written (large writes as their size) and read so far, then standard error: for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                lock (_error)
                {
                    return $"{_transcript}--- {_program} standard error ---\n{_error}";
                }
            }
        }
    }

    public static InteractiveProcess Start(string program, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        ExternalProcess.Require(program);
        ProcessStartInfo start = new(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Replies are ASCII; Latin-1 maps any other octet to one character instead of failing on it.
            StandardOutputEncoding = Encoding.Latin1,
            StandardErrorEncoding = Encoding.Latin1,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        InteractiveProcess driver = new(program, process);
        // Standard error is drained as it comes, so the program never blocks on a full pipe nobody reads.
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (driver._error)
                {
                    driver._error.Append(e.Data).Append('\n');
                }
            }
        };
        process.BeginErrorReadLine();
        return driver;
    }

    /// <summary>Writes a line of ASCII ended by CRLF (the program gets the octets as they are: no -crlf conversion needed).</summary>
    public Task WriteLineAsync(string line, TimeSpan timeout) => WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), timeout, line);

    /// <summary>Writes octets to the program's standard input and flushes them.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, string? description = null)
    {
        Log("> " + (description ?? $"<{data.Length} octets>"));
        Stream input = _process.StandardInput.BaseStream;
        try
        {
            await input.WriteAsync(data).AsTask().WaitAsync(timeout);
            await input.FlushAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_program} did not take {data.Length} octets within {timeout}.\n{Transcript}");
        }
        catch (IOException e)
        {
            throw new IOException($"{_program} stopped reading its input ({e.Message}).\n{Transcript}", e);
        }
    }

    /// <summary>The next line the program prints, without its line break; null once it has closed its output.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan timeout)
    {
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_program} printed no line within {timeout}.\n{Transcript}");
        }

        Log(line is null ? "< (end of output)" : "< " + line);
        return line;
    }

    /// <summary>Waits for the program to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_program} did not exit within {timeout}.\n{Transcript}");
        }

        return _process.ExitCode;
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

    private void Log(string entry)
    {
        lock (_transcript)
        {
            _transcript.Append(entry).Append('\n');
        }
    }
}
