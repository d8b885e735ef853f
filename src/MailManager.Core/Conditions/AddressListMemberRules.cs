namespace MailManager.Core.Conditions;

/// <summary>
/// What an address list member may be (SES <c>SavedAddress</c>, 3 to 320 characters): an email address or a domain,
/// with at most one <c>*</c>, placed before or after the <c>@</c>. With the <c>*</c> in the local part, the rest of the
/// local part is 0 to 19 characters; with it in the domain (<c>*.example.com</c>, <c>user@*.example.com</c>), the
/// domain has 2 to 9 levels. Examples: <c>*.domain1.com</c>, <c>*@domain.com</c>,
/// <c>1234567890123456789*@domain.com</c>, <c>local@*.domain1.com</c>.
/// </summary>
public static class AddressListMemberRules
{
    /// <summary>Null when <paramref name="member"/> is a valid member, else why not.</summary>
    public static string? Check(string member)
    {
        if (member.Length is < 3 or > 320)
        {
            return "An address list member has 3 to 320 characters.";
        }

        if (member.AsSpan().ContainsAny(" \t\r\n,;<>\"") || member.Count(c => c == '@') > 1)
        {
            return $"'{member}' is not an email address or a domain.";
        }

        int stars = member.Count(c => c == '*');
        if (stars > 1)
        {
            return "Use at most one * in an address list member.";
        }

        int at = member.IndexOf('@', StringComparison.Ordinal);
        string local = at < 0 ? string.Empty : member[..at];
        string domain = at < 0 ? member : member[(at + 1)..];
        int star = member.IndexOf('*', StringComparison.Ordinal);
        if (at == 0 && star < 0)
        {
            return $"'{member}' has no local part before the @.";
        }

        if (stars == 1 && star < at)
        {
            // "*@domain" or "prefix*@domain": the * ends the local part.
            if (star != at - 1)
            {
                return "In the local part, the * must come last, right before the @ (user*@example.com).";
            }

            if (local.Length - 1 > 19)
            {
                return "With a * in the local part, the rest of it has at most 19 characters.";
            }
        }
        else if (stars == 1)
        {
            // "*.example.com" or "user@*.example.com": the * is the first label of the domain.
            if (!domain.StartsWith("*.", StringComparison.Ordinal))
            {
                return "In the domain, the * must be the first label (*.example.com).";
            }

            int levels = domain.Count(c => c == '.') + 1;
            if (levels is < 2 or > 9)
            {
                return "With a * in the domain, the domain has 2 to 9 levels.";
            }
        }

        string plainDomain = domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..] : domain;
        if (!plainDomain.Contains('.', StringComparison.Ordinal) || plainDomain.Split('.').Any(label => label.Length == 0))
        {
            return $"'{domain}' is not a domain such as example.com.";
        }

        return null;
    }
}
