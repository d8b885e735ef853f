namespace MailManager.Delivery.Tests.Actions;

/// <summary>
/// Makes a folder refuse new entries for this process, whoever runs the tests: as root (which ignores permission
/// bits) by marking it immutable with chattr (e2fsprogs, part of every Debian), otherwise by mode 0555.
/// Undone on dispose so the temporary folder can be removed.
/// </summary>
internal sealed class UnwritableFolder : IAsyncDisposable
{
    private readonly string _path;

    private UnwritableFolder(string path) => _path = path;

    public static async Task<UnwritableFolder> MakeAsync(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The tests make folders unwritable the Unix way.");
        }
        if (Environment.IsPrivilegedProcess)
        {
            var result = await ExternalProcess.RunAsync("chattr", ["+i", path], TimeSpan.FromSeconds(10));
            Assert.True(result.ExitCode == 0, $"chattr +i {path} failed: {result.All}");
        }
        else
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return new UnwritableFolder(path);
    }

    public async ValueTask DisposeAsync()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        if (Environment.IsPrivilegedProcess)
        {
            await ExternalProcess.RunAsync("chattr", ["-i", _path], TimeSpan.FromSeconds(10));
        }
        else
        {
            File.SetUnixFileMode(_path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
