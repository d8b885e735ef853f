using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Conditions;

namespace MailManager.Core.Messages;

/// <summary>
/// Plans a message as it is accepted, so its action rows are committed together with it and the deliverer can start
/// at once. Acceptance depends on this contract only; delivery implements it with its retry settings.
/// </summary>
public interface IMessagePlanner
{
    /// <param name="facts">What the rule set's conditions look at; needed when <see cref="CompiledRuleSet.NeedsFacts"/>.</param>
    void PlanAccepted(ReceivedMessage message, CompiledRuleSet ruleSet, MessageFacts? facts);
}
