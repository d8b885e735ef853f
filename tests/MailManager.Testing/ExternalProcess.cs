using System.Diagnostics;

namespace MailManager.Testing;

/// <summary>Runs a real client program (swaks, python3, openssl) to completion, bounded in time.</summary>
public static class ExternalProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>Fails with a clear message when a program the tests drive is not installed (./test.sh installs them).</summary>
    public static void Require(string program)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        bool found = (path ?? string.Empty).Split(Path.PathSeparator).Any(folder => File.Exists(Path.Combine(folder, program)));
        if (!found)
        {
            throw new InvalidOperationException($"'{program}' is not installed; ./test.sh installs what the tests need.");
        }
    }

    /// <param name="environment">Variables set for the program on top of this process's environment.</param>
    public static async Task<Result> RunAsync(
        string program,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        byte[]? input = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        Require(program);
        ProcessStartInfo start = new(program)
        {
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(input);
            process.StandardInput.Close();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}: {await output}{await error}");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
