using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using MailManager.Data;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Actions;

/// <summary>
/// "Write to folder", our counterpart of SES's WriteToS3: writes the raw message as <c>.eml</c> under
/// <c>{FolderRoot}/{bucket}/{prefix}</c>, then a JSON sidecar with the envelope, session and rule facts.
/// <para>
/// Both files are named after the message and the action (<c>{messageId}-{ruleIndex}-{actionIndex}</c>), so running
/// the same action again after a crash overwrites the same files: at least once, and idempotent. Each is written
/// to a temporary file in the same folder (<c>.{name}.{random}.tmp</c>), flushed to disk and renamed over the
/// final name, so a reader never sees half a file. The sidecar is written last: a consumer that sees it can
/// take the <c>.eml</c> beside it as complete.
/// </para>
/// Errors (permissions, a full disk) come out as <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>
/// for the caller to classify; no temporary file is left behind.
/// </summary>
public sealed class FolderWriter
{
    private static readonly JsonSerializerOptions SidecarJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public FolderWriter(IOptions<ActionOptions> options, IOptions<StorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        Root = options.Value.ResolveFolderRoot(storage.Value);
    }

    /// <summary>The full path everything is written under (<c>MailManager:Actions:FolderRoot</c>, resolved).</summary>
    public string Root { get; }

    /// <summary>
    /// Why this bucket and prefix cannot name a folder under the root, or null when they can. The bucket is one
    /// folder name; the prefix (optional) is one or more folder names separated by <c>/</c>, with an optional
    /// trailing <c>/</c> as S3 prefixes often have. Refused: empty names, <c>.</c> and <c>..</c>, absolute paths,
    /// backslashes, NUL and other control characters. SES's own character rules for S3Bucket and S3Prefix are
    /// checked where the rule is validated; this is the file system's line of defence, checked again on write.
    /// </summary>
    public static string? CheckPath(string? bucket, string? prefix)
    {
        if (string.IsNullOrEmpty(bucket))
        {
            return "Enter a bucket (folder) name.";
        }
        if (CheckName(bucket) is { } bucketError)
        {
            return $"The bucket {bucketError}";
        }
        if (string.IsNullOrEmpty(prefix))
        {
            return null;
        }
        if (prefix.StartsWith('/') || Path.IsPathRooted(prefix))
        {
            return "The prefix must be a relative path: it cannot start with '/'.";
        }
        var segments = prefix.EndsWith('/') ? prefix[..^1].Split('/') : prefix.Split('/');
        foreach (var segment in segments)
        {
            if (CheckName(segment) is { } segmentError)
            {
                return $"Each folder of the prefix {segmentError}";
            }
        }
        return null;
    }

    /// <summary>The file name both files share, without extension: <c>{messageId}-{ruleIndex}-{actionIndex}</c>.</summary>
    public static string BaseName(ActionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (CheckName(message.MessageId) is not null || message.RuleIndex < 0 || message.ActionIndex < 0)
        {
            throw new ArgumentException($"The message ID '{message.MessageId}' or the rule/action index cannot name a file.", nameof(message));
        }
        return string.Create(CultureInfo.InvariantCulture, $"{message.MessageId}-{message.RuleIndex}-{message.ActionIndex}");
    }

    /// <summary>
    /// Writes the raw message (read from the start of <paramref name="content"/>, byte for byte) and its sidecar;
    /// returns the full path of the <c>.eml</c> file. An invalid bucket or prefix throws <see cref="ArgumentException"/>.
    /// </summary>
    public async Task<string> WriteAsync(ActionMessage message, string bucket, string? prefix, Stream content, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(content);
        if (CheckPath(bucket, prefix) is { } error)
        {
            throw new ArgumentException(error, nameof(prefix));
        }
        var folder = FolderFor(bucket, prefix);
        var baseName = BaseName(message);
        Directory.CreateDirectory(folder);

        var emlPath = Path.Combine(folder, baseName + ".eml");
        if (content.CanSeek)
        {
            content.Position = 0;
        }
        await WriteAtomicallyAsync(emlPath, stream => content.CopyToAsync(stream, ct), ct);
        await WriteAtomicallyAsync(
            Path.Combine(folder, baseName + ".json"),
            stream => JsonSerializer.SerializeAsync(stream, Sidecar.Of(message), SidecarJson, ct),
            ct);
        // The renames are durable only once the folder's entries are on disk too.
        SyncFolder(folder);
        return emlPath;
    }

    private string FolderFor(string bucket, string? prefix)
    {
        var parts = new List<string> { Root, bucket };
        if (!string.IsNullOrEmpty(prefix))
        {
            parts.AddRange(prefix.TrimEnd('/').Split('/'));
        }
        var folder = Path.GetFullPath(Path.Combine([.. parts]));
        // CheckPath already refused everything that climbs out; this holds even if a rule there is ever missed.
        var rootWithSeparator = Path.EndsInDirectorySeparator(Root) ? Root : Root + Path.DirectorySeparatorChar;
        if (!folder.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new ArgumentException("The bucket and prefix must name a folder inside the folder root.", nameof(prefix));
        }
        return folder;
    }

    private static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(stream);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done here; the original error is what the caller needs to see.
        }
    }

    private static string? CheckName(string name)
    {
        if (name.Length == 0)
        {
            return "cannot have an empty name (no '//').";
        }
        if (name is "." or "..")
        {
            return "cannot be '.' or '..'.";
        }
        if (name.Any(c => char.IsControl(c) || c is '/' or '\\'))
        {
            return "cannot contain '/', '\\', NUL or other control characters.";
        }
        if (name.Length > 255)
        {
            return "cannot be longer than 255 characters.";
        }
        return null;
    }

    private static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        try
        {
            var fd = Open(folder, 0 /* O_RDONLY */);
            if (fd < 0)
            {
                return;
            }
            try
            {
                if (FSync(fd) != 0)
                {
                    throw new IOException($"Could not flush the folder {folder} to disk (errno {Marshal.GetLastPInvokeError()}).");
                }
            }
            finally
            {
                _ = Close(fd);
            }
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // Without libc the files themselves were still flushed; only the rename's durability is weaker.
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>The sidecar's shape (camelCase JSON); its field names are what consumers rely on.</summary>
    private sealed record Sidecar(
        string MessageId,
        string ReceivedTimestamp,
        long SizeBytes,
        SidecarEnvelope Envelope,
        SidecarSession Session,
        SidecarRule Rule)
    {
        public static Sidecar Of(ActionMessage m) => new(
            m.MessageId,
            m.ReceivedTimestamp.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            m.SizeBytes,
            new SidecarEnvelope(m.MailFrom, m.Recipients),
            new SidecarSession(m.SourceIp, m.HeloName, m.TlsProtocol, m.IngressPointId, m.IngressPointName),
            new SidecarRule(m.RuleSetId, m.RuleSetName, m.RuleIndex, m.RuleName, m.ActionIndex));
    }

    private sealed record SidecarEnvelope(string MailFrom, IReadOnlyList<string> Recipients);

    private sealed record SidecarSession(string SourceIp, string Helo, string? Tls, string IngressPointId, string IngressPointName);

    private sealed record SidecarRule(string? RuleSetId, string? RuleSetName, int RuleIndex, string? RuleName, int ActionIndex);
}
