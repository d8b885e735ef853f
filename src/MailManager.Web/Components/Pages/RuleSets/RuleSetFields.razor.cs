using MailManager.Core.RuleSets;
using MailManager.Data.AddressLists;
using MailManager.Data.Relays;
using MailManager.Data.Secrets;
using MailManager.Web.Components.Pages.IngressEndpoints;
using MailManager.Web.Components.Pages.TrafficPolicies;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

public partial class RuleSetFields
{
    private RuleSetReferences _references = default!;

    [Inject] private RelayService RelayService { get; set; } = default!;
    [Inject] private AddressListService AddressListService { get; set; } = default!;
    [Inject] private SecretService SecretService { get; set; } = default!;

    [CascadingParameter] private EditContext EditContext { get; set; } = default!;
    [Parameter, EditorRequired] public RuleSetDraft Draft { get; set; } = default!;

    internal static string MaxRulesReason => $"A rule set holds at most {RuleSetValidator.MaxRules} rules.";

    private bool AtMaxRules => Draft.Rules.Count >= RuleSetValidator.MaxRules;

    protected override void OnInitialized() => _references = new RuleSetReferences(null, [], [], EventCallback.Factory.Create(this, LoadReferencesAsync));

    protected override Task OnInitializedAsync() => LoadReferencesAsync();

    // Relays, address lists and secrets created in another tab meanwhile are picked up by "Refresh list".
    private async Task LoadReferencesAsync()
    {
        var relays = await RelayService.ListAsync();
        var addressLists = await AddressListOptions.LoadAsync(AddressListService);
        IReadOnlyList<ReferenceOption> secrets = [.. (await SecretService.ListAsync()).Select(s => new ReferenceOption(s.SecretId, s.SecretName))];
        _references = _references with { Relays = relays, AddressLists = addressLists, Secrets = secrets };
    }

    private void AddRule()
    {
        if (!AtMaxRules)
        {
            Draft.Rules.Add(new Rule());
            RulesChanged();
        }
    }

    private void MoveRule(int index, int offset)
    {
        ListOrder.Move(Draft.Rules, index, offset);
        RulesChanged();
    }

    private void RemoveRule(int index)
    {
        Draft.Rules.RemoveAt(index);
        RulesChanged();
    }

    // Once the user has submitted, messages follow the edits; positions in them ("Rules[1]") move with the rules.
    private void RulesChanged() => EditContext.NotifyFieldChanged(new FieldIdentifier(Draft, nameof(RuleSetDraft.Rules)));
}
