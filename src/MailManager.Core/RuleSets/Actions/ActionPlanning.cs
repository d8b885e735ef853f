namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// What a <see cref="RuleActionKind"/> can do to a message's plan while its rule's actions are planned in order, for
/// the recipients the rule matched (as rewritten by earlier actions). See <see cref="RuleSetEvaluator"/>.
/// </summary>
public sealed class ActionPlanning
{
    private readonly RuleSetEvaluator.Run _run;

    internal ActionPlanning(RuleSetEvaluator.Run run) => _run = run;

    /// <summary>The envelope recipients the action acts on.</summary>
    public IReadOnlyList<string> Recipients => _run.Matched;

    /// <summary>Records the action as done at once (it changes only the plan).</summary>
    public void Record() => _run.Plan(runsOutside: false);

    /// <summary>Plans the action to be carried out outside, with the headers added so far.</summary>
    public void RunOutside() => _run.Plan(runsOutside: true);

    /// <summary>Takes the recipients out of the rule's later actions and of later rules.</summary>
    public void Finish() => _run.Finish();

    /// <summary>Adds a header to the message for the actions that follow (SES AddHeader: even if one of that name exists).</summary>
    public void AddHeader(string name, string value) => _run.AddHeader(name, value);

    /// <summary>Replaces the recipients by <paramref name="with"/> for the actions and rules that follow.</summary>
    public void Replace(IReadOnlyList<string> with) => _run.Replace(with);
}
