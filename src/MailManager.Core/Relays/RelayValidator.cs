using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.Relays;

public static partial class RelayValidator
{
    public static ValidationErrors Validate(RelayDraft draft)
    {
        var errors = new ValidationErrors();
        if (NameRules.CheckResourceName(draft.Name) is { } nameError)
        {
            errors.Add(nameof(RelayDraft.Name), nameError);
        }

        if (string.IsNullOrWhiteSpace(draft.ServerName))
        {
            errors.Add(nameof(RelayDraft.ServerName), "Enter the server name.");
        }
        else if (draft.ServerName.Length > 100 || !ServerNamePattern().IsMatch(draft.ServerName))
        {
            errors.Add(nameof(RelayDraft.ServerName),
                "The server name is a host name of up to 100 letters, numbers, hyphens (-) and periods (.).");
        }

        if (draft.ServerPort is null)
        {
            errors.Add(nameof(RelayDraft.ServerPort), "Enter the port.");
        }
        else if (draft.ServerPort is < 1 or > 65535)
        {
            errors.Add(nameof(RelayDraft.ServerPort), "The port must be between 1 and 65535.");
        }
        return errors;
    }

    [GeneratedRegex("^[a-zA-Z0-9.-]+$")]
    private static partial Regex ServerNamePattern();
}
