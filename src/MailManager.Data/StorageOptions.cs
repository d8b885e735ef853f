using System.ComponentModel.DataAnnotations;

namespace MailManager.Data;

/// <summary>Where MailManager keeps its state. Bound from the <c>MailManager</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "MailManager";

    /// <summary>The data folder: database, Data Protection keys, spool. Relative paths resolve against the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The SQLite database file name inside <see cref="DataDirectory"/>, or an absolute path.</summary>
    [Required]
    public string DatabaseFile { get; set; } = "mailmanager.db";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string FullDatabasePath => Path.Combine(FullDataDirectory, DatabaseFile);

    public string ConnectionString => $"Data Source={FullDatabasePath};Pooling=True";
}
