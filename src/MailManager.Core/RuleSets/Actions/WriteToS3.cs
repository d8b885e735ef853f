using System.Text.RegularExpressions;
using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// SES <c>WriteToS3Action</c> (console here: Write to folder): the raw message as an <c>.eml</c> file with a JSON sidecar,
/// under the configured folder root, in the folder <see cref="S3Bucket"/> and below it <see cref="S3Prefix"/>.
/// </summary>
public sealed class WriteToS3Action
{
    /// <summary>The folder under the root (SES: the bucket, 1 to 62 of <c>[a-zA-Z0-9.-]</c>).</summary>
    public string S3Bucket { get; set; } = "";

    /// <summary>Subfolders below it, optional (SES: 1 to 62 of <c>[a-zA-Z0-9!_.*'()/-]</c>).</summary>
    public string? S3Prefix { get; set; }

    public ActionFailurePolicy ActionFailurePolicy { get; set; } = ActionFailurePolicy.Continue;
}

internal sealed partial class WriteToS3Kind : RuleActionKind<WriteToS3Action>
{
    public const int MaxLength = 62;

    public override RuleActionType Type => RuleActionType.WriteToS3;
    public override string LogName => "WRITE_TO_S3";
    public override bool RunsOutside => true;
    public override bool Delivers => true;

    public override WriteToS3Action? Member(RuleAction action) => action.WriteToS3;

    public override ActionFailurePolicy FailurePolicy(RuleAction action) => action.WriteToS3!.ActionFailurePolicy;

    public override void Plan(RuleAction action, ActionPlanning planning) => planning.RunOutside();

    protected override void Validate(WriteToS3Action member, string field, ValidationErrors errors)
    {
        var bucket = member.S3Bucket.Trim();
        if (ActionChecks.Length(bucket, 1, MaxLength, "a folder name") is { } bucketError)
        {
            errors.Add($"{field}.{nameof(WriteToS3Action.S3Bucket)}", bucketError);
        }
        else if (!BucketPattern().IsMatch(bucket) || bucket.Trim('.').Length == 0)
        {
            errors.Add($"{field}.{nameof(WriteToS3Action.S3Bucket)}", "A folder name holds letters, digits, dots and hyphens.");
        }
        if (member.S3Prefix is { Length: > 0 } prefix)
        {
            prefix = prefix.Trim();
            if (ActionChecks.Length(prefix, 1, MaxLength, "a prefix") is { } prefixError)
            {
                errors.Add($"{field}.{nameof(WriteToS3Action.S3Prefix)}", prefixError);
            }
            else if (!PrefixPattern().IsMatch(prefix) || prefix.StartsWith('/') || prefix.Split('/').Any(s => s is "." or ".."))
            {
                // The prefix names folders below the bucket: it may never climb out of it.
                errors.Add($"{field}.{nameof(WriteToS3Action.S3Prefix)}", "A prefix holds letters, digits and !_.*'()/- and no '..' segment, and does not start with '/'.");
            }
        }
        ActionChecks.Defined(member.ActionFailurePolicy, $"{field}.{nameof(WriteToS3Action.ActionFailurePolicy)}", errors);
    }

    protected override void Normalize(WriteToS3Action member)
    {
        member.S3Bucket = member.S3Bucket.Trim();
        member.S3Prefix = string.IsNullOrWhiteSpace(member.S3Prefix) ? null : member.S3Prefix.Trim();
    }

    [GeneratedRegex(@"^[a-zA-Z0-9.-]+$")]
    private static partial Regex BucketPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9!_.*'()/-]+$")]
    private static partial Regex PrefixPattern();
}
