using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace MailManager.Data.Messages;

/// <summary>
/// Makes a batch of spool files durable before their rows are committed. On Linux one <c>syncfs</c> flushes
/// them all (every session finishing together shares it, as they share the database commit) instead of one
/// <c>fsync</c> per file; elsewhere, or if that fails, each file is fsynced.
/// </summary>
internal static partial class SpoolFlush
{
    public static void Flush(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }
        if (OperatingSystem.IsLinux() && TrySyncFileSystem(paths[0]))
        {
            return;
        }
        foreach (var path in paths)
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
            RandomAccess.FlushToDisk(handle);
        }
    }

    private static bool TrySyncFileSystem(string anyPath)
    {
        try
        {
            using var handle = File.OpenHandle(anyPath, FileMode.Open, FileAccess.Read);
            // Since Linux 5.8 syncfs reports writeback errors; 0 means every dirty page of the file system is on disk.
            return SyncFs(handle) == 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static extern int SyncFs(SafeFileHandle fd);
}
