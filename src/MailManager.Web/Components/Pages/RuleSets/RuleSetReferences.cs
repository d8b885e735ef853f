using MailManager.Core.Relays;
using Microsoft.AspNetCore.Components;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// What the rule set editor's selects offer: SMTP relays (null while loading), address lists and secrets, with the
/// refresh that picks up one created meanwhile in another tab. <see cref="Refresh"/> is the form's own callback, so the
/// whole form renders again with the new lists.
/// </summary>
public sealed record RuleSetReferences(
    IReadOnlyList<Relay>? Relays,
    IReadOnlyList<ReferenceOption> AddressLists,
    IReadOnlyList<ReferenceOption> Secrets,
    EventCallback Refresh);
