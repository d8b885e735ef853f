using MailManager.Core.AddressLists;
using MudBlazor;

namespace MailManager.Web.Components.Pages.AddressLists;

internal static class AddressListText
{
    public const string MemberHelp = "An address or a domain, with at most one *: user@example.com, user*@example.com, *@example.com, *.example.com.";

    public static string Status(ImportJobStatus status) => status switch
    {
        ImportJobStatus.Created => "Created",
        ImportJobStatus.Processing => "Processing",
        ImportJobStatus.Completed => "Completed",
        ImportJobStatus.Failed => "Failed",
        ImportJobStatus.Stopped => "Stopped",
        _ => status.ToString(),
    };

    public static Color StatusColor(ImportJobStatus status) => status switch
    {
        ImportJobStatus.Completed => Color.Success,
        ImportJobStatus.Failed => Color.Error,
        ImportJobStatus.Processing => Color.Info,
        _ => Color.Default,
    };

    public static string Format(ImportDataType format) => format == ImportDataType.Json ? "JSON" : "CSV";

    /// <summary>The format a file's name suggests: .json is JSON, anything else is read as CSV.</summary>
    public static ImportDataType FormatOf(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ImportDataType.Json : ImportDataType.Csv;

    /// <summary>A job name from the file's name (SES requires one): the name without its extension, at most 255 characters.</summary>
    public static string JobNameOf(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).Trim();
        name = name.Length == 0 ? "import" : name;
        return name.Length > AddressListValidator.MaxNameLength ? name[..AddressListValidator.MaxNameLength] : name;
    }

    public static string Count(int count) => count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    public static string Optional(DateTimeOffset? timestamp) => timestamp is { } t ? Shared.Timestamps.Show(t) : "-";
}
