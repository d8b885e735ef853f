namespace MailManager.Web.Components.Pages.TrafficPolicies;

/// <summary>
/// The accessible names of the policy statement editor's containers and buttons. Each names the statement (and the
/// condition), so a person using a screen reader, or a test, can tell "Remove condition 2 of policy statement 1" from
/// the same button of another statement without the surrounding layout. The fields inside a condition are labelled
/// plainly ("Property", "Operator", "Value 1") within a group named "Policy statement 1, condition 1".
/// Indexes are 0-based as in the form; the names count from 1, as people do.
/// </summary>
internal static class PolicyStatementLabels
{
    public static string Statement(int statement) => $"Policy statement {statement + 1}";

    public static string StatementTitleId(int statement) => $"policy-statement-{statement + 1}-title";

    public static string StatementAction(int statement) => $"{Statement(statement)} action";

    public static string RemoveStatement(int statement) => $"Remove policy statement {statement + 1}";

    public static string AddCondition(int statement) => $"Add new condition to policy statement {statement + 1}";

    public static string Condition(int statement, int condition) => $"{Statement(statement)}, condition {condition + 1}";

    public static string RemoveCondition(int statement, int condition) => $"Remove condition {condition + 1} of policy statement {statement + 1}";

    public static string Value(int value) => $"Value {value + 1}";

    public static string AddValue(int statement, int condition) => $"Add value to {Lower(Condition(statement, condition))}";

    public static string RemoveValue(int statement, int condition, int value) => $"Remove value {value + 1} of {Lower(Condition(statement, condition))}";

    private static string Lower(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
