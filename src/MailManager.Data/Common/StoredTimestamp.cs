using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MailManager.Data.Common;

/// <summary>
/// DateTimeOffset as EF Core stores it here (see <see cref="MailManagerDbContext"/>'s conventions): a sortable
/// integer, in columns and in owned JSON alike. For the statements written without EF Core.
/// </summary>
internal static class StoredTimestamp
{
    private static readonly DateTimeOffsetToBinaryConverter Converter = new();

    public static long From(DateTimeOffset value) => (long)Converter.ConvertToProvider(value)!;

    public static DateTimeOffset To(long stored) => (DateTimeOffset)Converter.ConvertFromProvider(stored)!;
}
