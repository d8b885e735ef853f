namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// The accessible names of the rule set editor's fields and buttons. Each carries the rule's (and the condition's,
/// exception's or action's) position, so no two fields on the page share a label and a person using a screen reader,
/// or a test, can tell "Rule 2 name" from "Rule 1 name" without the surrounding layout.
/// Indexes are 0-based as in the draft; the names count from 1, as people do.
/// </summary>
internal static class RuleSetLabels
{
    public static string Rule(int rule) => $"Rule {rule + 1}";

    public static string RuleName(int rule) => $"{Rule(rule)} name";

    public static string MoveRule(int rule, int offset) => $"Move rule {rule + 1} {Direction(offset)}";

    public static string RemoveRule(int rule) => $"Remove rule {rule + 1}";

    public static string AddCondition(int rule) => $"Add new condition to rule {rule + 1}";

    public static string AddException(int rule) => $"Add new exception to rule {rule + 1}";

    /// <summary>A condition's group and the prefix of its fields: "Rule 1 condition 2" or "Rule 1 exception 2".</summary>
    public static string Condition(int rule, bool exception, int condition) => $"{Rule(rule)} {Kind(exception)} {condition + 1}";

    /// <summary>
    /// The container of a condition, "Rule 1, condition 2": worded apart from its fields' labels, as Playwright's and
    /// assistive technology's label look-ups would otherwise find the container too.
    /// </summary>
    public static string ConditionGroup(int rule, bool exception, int condition) => $"{Rule(rule)}, {Kind(exception)} {condition + 1}";

    public static string ConditionField(int rule, bool exception, int condition, string field) => $"{Condition(rule, exception, condition)} {field}";

    public static string ConditionValue(int rule, bool exception, int condition, int value) =>
        ConditionField(rule, exception, condition, $"value {value + 1}");

    public static string AddValue(int rule, bool exception, int condition) => $"Add value to {Lower(Condition(rule, exception, condition))}";

    public static string RemoveValue(int rule, bool exception, int condition, int value) =>
        $"Remove value {value + 1} of {Lower(Condition(rule, exception, condition))}";

    public static string RemoveCondition(int rule, bool exception, int condition) =>
        $"Remove {Kind(exception)} {condition + 1} of rule {rule + 1}";

    public static string AddAction(int rule) => $"Add new action to rule {rule + 1}";

    public static string Action(int rule, int action) => $"{Rule(rule)} action {action + 1}";

    /// <summary>The container of an action, "Rule 1, action 2", worded apart from its type select's label "Rule 1 action 2".</summary>
    public static string ActionGroup(int rule, int action) => $"{Rule(rule)}, action {action + 1}";

    /// <summary>A field of an action, e.g. "Rule 1 action 2 header name".</summary>
    public static string ActionField(int rule, int action, string field) => $"{Action(rule, action)} {field}";

    public static string ActionRelay(int rule, int action) => ActionField(rule, action, "SMTP relay");

    // Worded so that it does not contain the relay select's label: Playwright's GetByLabel matches substrings.
    public static string RefreshRelays(int rule, int action) => $"Refresh SMTP relays for rule {rule + 1} action {action + 1}";

    public static string RefreshSecrets(int rule, int action) => $"Refresh secrets for rule {rule + 1} action {action + 1}";

    public static string ActionMailFrom(int rule, int action) => $"{Action(rule, action)} Mail from";

    public static string ActionFailure(int rule, int action) => $"{Action(rule, action)} On failure";

    public static string Recipient(int rule, int action, int recipient) => ActionField(rule, action, $"recipient {recipient + 1}");

    public static string AddRecipient(int rule, int action) => $"Add recipient to rule {rule + 1} action {action + 1}";

    public static string RemoveRecipient(int rule, int action, int recipient) => $"Remove recipient {recipient + 1} of rule {rule + 1} action {action + 1}";

    public static string MoveAction(int rule, int action, int offset) => $"Move action {action + 1} of rule {rule + 1} {Direction(offset)}";

    public static string RemoveAction(int rule, int action) => $"Remove action {action + 1} of rule {rule + 1}";

    private static string Kind(bool exception) => exception ? "exception" : "condition";

    private static string Direction(int offset) => offset < 0 ? "up" : "down";

    private static string Lower(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
