namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// The accessible names of the rule set editor's fields and buttons. Each carries the rule's (and
/// the action's) position, so no two fields on the page share a label and a person using a screen
/// reader, or a test, can tell "Rule 2 name" from "Rule 1 name" without the surrounding layout.
/// Indexes are 0-based as in the draft; the names count from 1, as people do.
/// </summary>
internal static class RuleSetLabels
{
    public static string Rule(int rule) => $"Rule {rule + 1}";

    public static string RuleName(int rule) => $"{Rule(rule)} name";

    public static string MoveRule(int rule, int offset) => $"Move rule {rule + 1} {Direction(offset)}";

    public static string RemoveRule(int rule) => $"Remove rule {rule + 1}";

    public static string AddAction(int rule) => $"Add new action to rule {rule + 1}";

    public static string Action(int rule, int action) => $"{Rule(rule)} action {action + 1}";

    public static string ActionRelay(int rule, int action) => $"{Action(rule, action)} SMTP relay";

    // Worded so that it does not contain the relay select's label: Playwright's GetByLabel matches substrings.
    public static string RefreshRelays(int rule, int action) => $"Refresh SMTP relays for rule {rule + 1} action {action + 1}";

    public static string ActionMailFrom(int rule, int action) => $"{Action(rule, action)} Mail from";

    public static string MoveAction(int rule, int action, int offset) => $"Move action {action + 1} of rule {rule + 1} {Direction(offset)}";

    public static string RemoveAction(int rule, int action) => $"Remove action {action + 1} of rule {rule + 1}";

    private static string Direction(int offset) => offset < 0 ? "up" : "down";
}
