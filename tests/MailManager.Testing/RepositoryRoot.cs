namespace MailManager.Testing;

/// <summary>The repository the tests run from: the folder above the test binaries that holds MailManager.sln.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "MailManager.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No MailManager.sln above {AppContext.BaseDirectory}.");
    }
}
