namespace MailManager.Testing;

/// <summary>The environment deploy/mailmanager.service gives the app, read from the unit file itself.</summary>
public static class ServiceUnit
{
    public static string FilePath => RepositoryRoot.Combine("deploy", "mailmanager.service");

    /// <summary>Every <c>Environment=NAME=value</c> line of the unit, in order.</summary>
    public static IReadOnlyDictionary<string, string> Environment()
    {
        Dictionary<string, string> variables = new(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(FilePath))
        {
            if (line.StartsWith("Environment=", StringComparison.Ordinal))
            {
                string assignment = line["Environment=".Length..];
                int equals = assignment.IndexOf('=', StringComparison.Ordinal);
                variables[assignment[..equals]] = assignment[(equals + 1)..];
            }
        }

        return variables;
    }
}
