using MailManager.Core.Common;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Delivery.Actions;

/// <summary>Write to folder paths are checked when a rule set is saved as the folder writer will judge them.</summary>
public sealed class FolderPathCheck : IRuleSetCheck
{
    public void Check(RuleSetDraft draft, ValidationErrors errors)
    {
        for (var i = 0; i < draft.Rules.Count; i++)
        {
            for (var j = 0; j < draft.Rules[i].Actions.Count; j++)
            {
                var member = RuleSetValidator.Member(i, j, RuleActionType.WriteToS3);
                var prefix = $"{member}.{nameof(WriteToS3Action.S3Prefix)}";
                // The model's own checks speak first; this one adds what the writer refuses besides.
                if (draft.Rules[i].Actions[j].WriteToS3 is { } folder && !errors.For(prefix).Any()
                    && !errors.For($"{member}.{nameof(WriteToS3Action.S3Bucket)}").Any()
                    && FolderWriter.CheckPath(folder.S3Bucket, folder.S3Prefix) is { } error)
                {
                    errors.Add(prefix, error);
                }
            }
        }
    }
}
