using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MailManager.Data.Common;

/// <summary>For prepared statements built once per transaction and executed many times with new values.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>
    /// The ids set by <see cref="SetIds{T}"/>, for <c>IN</c>: one parameter holds any number of ids as a JSON
    /// array, so one prepared statement serves every count and SQLite's parameter limit never applies.
    /// </summary>
    public const string Ids = "(SELECT value FROM json_each($ids))";

    public static void SetIds<T>(this SqliteCommand command, IEnumerable<T> ids) =>
        command.Set("$ids", JsonSerializer.Serialize(ids.Distinct().ToList()));

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
