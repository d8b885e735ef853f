namespace MailManager.Core.TrafficPolicies;

/// <summary>SES <c>AcceptAction</c>: what a traffic policy does with a recipient.</summary>
public enum AcceptAction
{
    Allow,
    Deny,
}
