using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.Secrets;

public static partial class SecretValidator
{
    public const int MaxEntries = 20;
    public const int MaxValueLength = 4096;

    public static ValidationErrors Validate(SecretDraft draft)
    {
        var errors = new ValidationErrors();
        if (NameRules.CheckResourceName(draft.Name) is { } nameError)
        {
            errors.Add(nameof(SecretDraft.Name), nameError);
        }
        if (draft.Description is { Length: > 250 })
        {
            errors.Add(nameof(SecretDraft.Description), "The description must be at most 250 characters long.");
        }
        if (draft.Entries.Count == 0)
        {
            errors.Add(nameof(SecretDraft.Entries), "Add at least one key/value pair.");
        }
        if (draft.Entries.Count > MaxEntries)
        {
            errors.Add(nameof(SecretDraft.Entries), $"A secret holds at most {MaxEntries} key/value pairs.");
        }

        for (var i = 0; i < draft.Entries.Count; i++)
        {
            var entry = draft.Entries[i];
            if (string.IsNullOrWhiteSpace(entry.Key))
            {
                errors.Add(EntryKey(i), "Enter a key.");
            }
            else if (!KeyPattern().IsMatch(entry.Key))
            {
                errors.Add(EntryKey(i), "A key is 1-64 letters, numbers or the characters _ - . / @ +");
            }
            else if (draft.Entries.Take(i).Any(e => e.Key == entry.Key))
            {
                errors.Add(EntryKey(i), $"The key '{entry.Key}' is used twice.");
            }

            if (!entry.IsStored && string.IsNullOrEmpty(entry.Value))
            {
                errors.Add(EntryValue(i), "Enter a value.");
            }
            else if (entry.Value is { Length: > MaxValueLength })
            {
                errors.Add(EntryValue(i), $"A value must be at most {MaxValueLength} characters long.");
            }
        }
        return errors;
    }

    public static string EntryKey(int index) => $"Entries[{index}].Key";

    public static string EntryValue(int index) => $"Entries[{index}].Value";

    [GeneratedRegex("^[A-Za-z0-9_./@+-]{1,64}$")]
    private static partial Regex KeyPattern();
}
