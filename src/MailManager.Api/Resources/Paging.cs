using System.Text;
using MailManager.Api.Protocol;

namespace MailManager.Api.Resources;

/// <summary>
/// <c>NextToken</c>/<c>PageSize</c> pagination. Items are paged in the order of their IDs and the token carries the last
/// ID returned, so pages neither skip nor repeat items when others are created or deleted in between.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;

    public static (IReadOnlyList<T> Items, string? NextToken) Page<T>(
        IEnumerable<T> items, Func<T, string> key, string? nextToken, int? pageSize, int maxPageSize = DefaultPageSize, bool clamp = false)
    {
        var size = pageSize ?? Math.Min(DefaultPageSize, maxPageSize);
        if (size < 1 || (size > maxPageSize && !clamp))
        {
            throw ApiException.Validation($"PageSize: must be between 1 and {maxPageSize}.");
        }
        size = Math.Min(size, maxPageSize);
        var after = KeyAfter(nextToken);
        var ordered = items.OrderBy(key, StringComparer.Ordinal).Where(i => after is null || string.CompareOrdinal(key(i), after) > 0).Take(size + 1).ToList();
        if (ordered.Count <= size)
        {
            return (ordered, null);
        }
        ordered.RemoveAt(size);
        return (ordered, TokenAfter(key(ordered[^1])));
    }

    /// <summary>The <c>NextToken</c> for the page after the item with <paramref name="key"/>.</summary>
    public static string TokenAfter(string key) => Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + key));

    /// <summary>The key a <c>NextToken</c> carries, or null for the first page; a token not ours is a ValidationException.</summary>
    public static string? KeyAfter(string? token)
    {
        if (token is null)
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("v1:", StringComparison.Ordinal))
            {
                return text[3..];
            }
        }
        catch (FormatException)
        {
        }
        throw ApiException.Validation("NextToken: the token is not one this API returned.");
    }
}
