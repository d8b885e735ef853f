using MailManager.Core.RuleSets;

namespace MailManager.Core.Messages;

/// <summary>
/// Plans a message as it is accepted, so its action rows are committed together with it and the deliverer can start
/// at once. Acceptance depends on this contract only; delivery implements it with its retry settings.
/// </summary>
public interface IMessagePlanner
{
    void PlanAccepted(ReceivedMessage message, RuleSet ruleSet);
}
