using MailManager.Core.RuleSets;

namespace MailManager.Web.Components.Pages.RuleSets;

internal static class RuleSetText
{
    /// <summary>The SES console's names for the action types.</summary>
    public static string ActionName(RuleActionType type) => type switch
    {
        RuleActionType.Drop => "Drop",
        RuleActionType.Relay => "SMTP relay",
        _ => type.ToString(),
    };

    public static string RuleName(Rule rule) => string.IsNullOrEmpty(rule.Name) ? "No name" : rule.Name;

    public static string MailFrom(RuleAction action) => (action.MailFrom ?? Core.RuleSets.MailFrom.Preserve).ToString();
}
