using MailManager.Core.Relays;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// What the rule set editor's selects offer: SMTP relays (null while loading), address lists and secrets, with the
/// refresh that picks up one created meanwhile in another tab.
/// </summary>
public sealed record RuleSetReferences(
    IReadOnlyList<Relay>? Relays,
    IReadOnlyList<ReferenceOption> AddressLists,
    IReadOnlyList<ReferenceOption> Secrets,
    Func<Task> RefreshAsync);
