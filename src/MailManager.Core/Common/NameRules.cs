using System.Text.RegularExpressions;

namespace MailManager.Core.Common;

/// <summary>The naming rules of the SES Mail Manager API model (its string patterns and lengths), shared by every resource.</summary>
public static partial class NameRules
{
    public const int ResourceNameMin = 3;
    public const int ResourceNameMax = 63;

    /// <summary>
    /// Ingress point, traffic policy, relay and secret names: 3-63 of <c>[A-Za-z0-9_-]</c>.
    /// Returns the message to show, or null when the name is valid.
    /// </summary>
    public static string? CheckResourceName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Enter a name.";
        }
        if (name.Length is < ResourceNameMin or > ResourceNameMax)
        {
            return $"The name must be {ResourceNameMin} to {ResourceNameMax} characters long.";
        }
        return ResourceNamePattern().IsMatch(name)
            ? null
            : "The name can contain only letters, numbers, hyphens (-) and underscores (_).";
    }

    /// <summary>Rule set names (SES <c>RuleSetName</c>): 1-100 of <c>[a-zA-Z0-9_.-]</c>.</summary>
    public static string? CheckRuleSetName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Enter a name.";
        }
        if (name.Length > 100)
        {
            return "The name must be 1 to 100 characters long.";
        }
        return DottedNamePattern().IsMatch(name)
            ? null
            : "The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).";
    }

    /// <summary>Rule names (SES <c>RuleName</c>): optional, 1-32 of <c>[a-zA-Z0-9_.-]</c>.</summary>
    public static string? CheckRuleName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        if (name.Length > 32)
        {
            return "A rule name must be at most 32 characters long.";
        }
        return DottedNamePattern().IsMatch(name)
            ? null
            : "A rule name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).";
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex ResourceNamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex DottedNamePattern();
}
