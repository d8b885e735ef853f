using System.Text.RegularExpressions;
using MailManager.Core.Common;
using MailManager.Core.Conditions;

namespace MailManager.Core.AddressLists;

/// <summary>SES's shapes and quotas for address lists, their members and import jobs, field by field.</summary>
public static partial class AddressListValidator
{
    /// <summary>SES quota: address lists per region.</summary>
    public const int MaxAddressLists = 100;

    /// <summary>SES quota: addresses per address list.</summary>
    public const int MaxMembers = 100_000;

    /// <summary>SES <c>AddressListName</c> and import job <c>Name</c>: 1 to 255 characters.</summary>
    public const int MaxNameLength = 255;

    public static ValidationErrors Validate(AddressListDraft draft)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add(nameof(AddressListDraft.Name), "Enter a name.");
        }
        else if (draft.Name.Length > MaxNameLength)
        {
            errors.Add(nameof(AddressListDraft.Name), $"The name must be 1 to {MaxNameLength} characters long.");
        }
        else if (!NamePattern().IsMatch(draft.Name))
        {
            errors.Add(nameof(AddressListDraft.Name), "The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).");
        }
        return errors;
    }

    public static ValidationErrors Validate(AddressListMemberDraft draft)
    {
        var errors = new ValidationErrors();
        var address = draft.Address.Trim();
        if (address.Length == 0)
        {
            errors.Add(nameof(AddressListMemberDraft.Address), "Enter an email address or a domain.");
        }
        else if (AddressListMemberRules.Check(address) is { } problem)
        {
            errors.Add(nameof(AddressListMemberDraft.Address), problem);
        }
        return errors;
    }

    public static ValidationErrors Validate(ImportJobDraft draft)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors.Add(nameof(ImportJobDraft.Name), "Enter a name for the import job.");
        }
        else if (draft.Name.Length > MaxNameLength)
        {
            errors.Add(nameof(ImportJobDraft.Name), $"The name must be 1 to {MaxNameLength} characters long.");
        }
        if (!Enum.IsDefined(draft.ImportDataFormat))
        {
            errors.Add(nameof(ImportJobDraft.ImportDataFormat), "Choose CSV or JSON.");
        }
        return errors;
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]+$")]
    private static partial Regex NamePattern();
}
