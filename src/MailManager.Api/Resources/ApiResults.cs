using MailManager.Api.Protocol;
using MailManager.Core.Common;
using MailManager.Data.Common;

namespace MailManager.Api.Resources;

/// <summary>
/// The services' outcomes as API errors: field errors become a <c>ValidationException</c> naming each field (the same
/// keys the console shows them at), a name clash a <c>ConflictException</c>, a missing resource a
/// <c>ResourceNotFoundException</c>, a refused delete (still in use) a <c>ConflictException</c>.
/// </summary>
public static class ApiResults
{
    /// <summary>The saved resource's ID, or the error.</summary>
    public static string Saved(SaveResult result, IReadOnlyDictionary<string, string>? fieldNames = null)
    {
        if (result.Succeeded)
        {
            return result.Id!;
        }
        if (result.IsNotFound)
        {
            throw ApiException.NotFound(Describe(result.Errors, fieldNames));
        }
        if (result.Errors.IsQuotaExceeded)
        {
            throw ApiException.QuotaExceeded(Describe(result.Errors, fieldNames));
        }
        throw result.Errors.IsConflict
            ? ApiException.Conflict(Describe(result.Errors, fieldNames))
            : ApiException.Validation(Describe(result.Errors, fieldNames));
    }

    public static void Deleted(DeleteResult result)
    {
        if (!result.Deleted)
        {
            throw ApiException.Conflict(result.Refusal ?? "The resource is in use.");
        }
    }

    /// <summary>"RuleSetName: A rule set named 'x' already exists." — fields by their API member names.</summary>
    public static string Describe(ValidationErrors errors, IReadOnlyDictionary<string, string>? fieldNames = null) =>
        string.Join(" ", errors.ByField.SelectMany(e => e.Value.Select(m =>
            e.Key.Length == 0 ? m : $"{Rename(e.Key, fieldNames)}: {m}")));

    private static string Rename(string field, IReadOnlyDictionary<string, string>? fieldNames)
    {
        if (fieldNames is null)
        {
            return field;
        }
        foreach (var (from, to) in fieldNames)
        {
            if (field == from || field.StartsWith(from + ".", StringComparison.Ordinal) || field.StartsWith(from + "[", StringComparison.Ordinal))
            {
                return to + field[from.Length..];
            }
        }
        return field;
    }
}
