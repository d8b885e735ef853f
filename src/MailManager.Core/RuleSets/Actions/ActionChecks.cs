using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>Checks the action kinds share.</summary>
internal static partial class ActionChecks
{
    public static void Defined<T>(T value, string field, ValidationErrors errors) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            errors.Add(field, "Choose a value.");
        }
    }

    /// <summary>A value of SES's length limits, trimmed; null when it is valid.</summary>
    public static string? Length(string? value, int min, int max, string what)
    {
        var length = value?.Trim().Length ?? 0;
        if (length < min)
        {
            return $"Enter {what}.";
        }
        return length > max ? $"{char.ToUpperInvariant(what[0])}{what[1..]} is at most {max} characters." : null;
    }

    /// <summary>SES's email address shape for rule actions (<c>[a-zA-Z0-9._+-]+@[a-zA-Z0-9.-]+</c>, at most 254).</summary>
    public static string? Address(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "Enter an email address.";
        }
        if (text.Length > 254)
        {
            return "An email address is at most 254 characters.";
        }
        return AddressPattern().IsMatch(text) ? null : $"'{text}' is not an email address such as user@example.com.";
    }

    public static bool IsPrintableAscii(string value) => value.All(c => c is >= ' ' and <= '~');

    [GeneratedRegex(@"^[a-zA-Z0-9._+-]+@[a-zA-Z0-9.-]+$")]
    private static partial Regex AddressPattern();
}
