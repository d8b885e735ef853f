using System.Collections.Concurrent;

namespace MailManager.Data.Messages;

/// <summary>
/// Empty spool files kept for reuse in <c>spool/free</c>: a new message's file is a free one renamed to the
/// message's name, and a finished message's file is emptied and renamed back, instead of a file created and unlinked
/// per message. Under load, ext4's inode allocation (scanning its bitmaps past recently deleted inodes, with the
/// spool folder's lock held) was the largest single cost of acceptance: <c>openat</c> with <c>O_CREAT</c> took 14 %
/// of both cores and <c>unlink</c> 3 % (<c>bench/smtp-profile.sh</c>); a rename only changes directory entries.
/// A finished message's bytes are gone when it is released, as with an unlink. Nothing here is durable state: a file
/// left in the free folder by a crash is emptied again at start, and one renamed to a message's name but never
/// committed is removed at start like any file without a row.
/// </summary>
internal sealed class SpoolFilePool
{
    // Enough for the files of every message in flight under load to go round; more are simply unlinked.
    private const int MaxFree = 1024;

    private readonly string _folder;
    private readonly ConcurrentStack<string> _free = new();
    private int _count;

    /// <summary>The spool folder whose finished files this keeps.</summary>
    public string SpoolFolder { get; }

    /// <summary>Takes over the free files an earlier process left in <paramref name="spoolFolder"/>'s free folder.</summary>
    public SpoolFilePool(string spoolFolder)
    {
        SpoolFolder = spoolFolder;
        _folder = DataDirectory.Ensure(Path.Combine(spoolFolder, "free"));
        foreach (var file in new DirectoryInfo(_folder).EnumerateFiles())
        {
            if (_count < MaxFree)
            {
                // Files are emptied before they are moved here; one that is not was put here by someone else.
                if (file.Length > 0)
                {
                    Empty(file.FullName);
                }
                _free.Push(file.FullName);
                _count++;
            }
            else
            {
                file.Delete();
            }
        }
    }

    /// <summary>Renames a free file to <paramref name="path"/>; false when none is free (the caller creates it).</summary>
    public bool TryTake(string path)
    {
        while (_free.TryPop(out var file))
        {
            Interlocked.Decrement(ref _count);
            try
            {
                // The target never exists (a new message id), so overwrite only makes this one rename(2).
                File.Move(file, path, overwrite: true);
                return true;
            }
            catch (FileNotFoundException)
            {
                // Removed behind our back: try the next.
            }
        }
        return false;
    }

    /// <summary>The file's message no longer needs it: empties it and keeps it for reuse, or deletes it when enough are kept.</summary>
    public void Release(string path)
    {
        if (Interlocked.Increment(ref _count) > MaxFree)
        {
            Interlocked.Decrement(ref _count);
            File.Delete(path);
            return;
        }
        var free = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        try
        {
            Empty(path);
            File.Move(path, free, overwrite: true);
        }
        catch (Exception ex)
        {
            Interlocked.Decrement(ref _count);
            // Already gone is what the caller wanted, as File.Delete sees it.
            if (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return;
            }
            throw;
        }
        _free.Push(free);
    }

    private static void Empty(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Truncate, FileAccess.Write);
    }
}
