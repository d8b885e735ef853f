using Microsoft.Data.Sqlite;

namespace MailManager.Data.Common;

/// <summary>For prepared statements built once per transaction and executed many times with new values.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>Sets a parameter, adding it the first time; null is stored as SQL NULL.</summary>
    public static void Set(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }
    }
}
