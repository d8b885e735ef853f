namespace MailManager.Data;

/// <summary>Creates the data folder and its private sub-folders.</summary>
public static class DataDirectory
{
    public static string Ensure(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A folder only the owner can read: it holds keys and the first admin password.</summary>
    public static DirectoryInfo EnsurePrivate(string path)
    {
        var directory = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return directory;
    }

    /// <summary>Writes a file readable only by its owner (mode 0600 on Unix).</summary>
    public static void WritePrivateFile(string path, string contents)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        // No byte-order mark: the file is read by people and scripts (cat, $(...)), not only by .NET.
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(contents);
    }
}
