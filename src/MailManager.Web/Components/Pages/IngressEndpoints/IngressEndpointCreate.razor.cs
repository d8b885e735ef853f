using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MailManager.Data.RuleSets;
using MailManager.Data.TrafficPolicies;
using MailManager.Ingress;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Pages.IngressEndpoints;

public partial class IngressEndpointCreate
{
    private readonly IngressPointDraft _draft = new();
    // One proposal per type, made once: switching the type must not probe the host again.
    private readonly Dictionary<IngressPointType, IngressPortProposal> _proposals = [];
    private IReadOnlyList<ReferenceOption> _trafficPolicies = [];
    private IReadOnlyList<ReferenceOption> _ruleSets = [];
    private bool _loaded;

    [Inject] private IngressPointService Endpoints { get; set; } = default!;
    [Inject] private IngressEndpointInfo Info { get; set; } = default!;
    [Inject] private TrafficPolicyService TrafficPolicies { get; set; } = default!;
    [Inject] private RuleSetService RuleSets { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>Set by the secret form when "Create new" brings the user back: the secret just stored.</summary>
    [SupplyParameterFromQuery(Name = "secretId")] public string? SecretId { get; set; }

    /// <summary>Why the ports proposed for the chosen type are not SES's, or null.</summary>
    private string? PortsNote => _proposals.GetValueOrDefault(_draft.Type)?.Reason;

    protected override async Task OnInitializedAsync()
    {
        _trafficPolicies = (await TrafficPolicies.ListAsync()).Select(p => new ReferenceOption(p.TrafficPolicyId, p.TrafficPolicyName)).ToList();
        _ruleSets = (await RuleSets.ListAsync()).Select(r => new ReferenceOption(r.RuleSetId, r.RuleSetName)).ToList();
        foreach (var type in Enum.GetValues<IngressPointType>())
        {
            _proposals[type] = await Info.ProposePortsAsync(type);
        }
        _draft.BindAddress = Info.DefaultBindAddress;
        if (!string.IsNullOrEmpty(SecretId))
        {
            // Only an Authenticated endpoint with a secret asks for one.
            _draft.Type = IngressPointType.Auth;
            _draft.AuthKind = IngressAuthKind.Secret;
            _draft.SecretId = SecretId;
        }
        Propose(_draft.Type);
        _loaded = true;
    }

    // The ports follow the type (25 for Open, 25 and 587 for Authenticated) until someone changes them by hand.
    private void OnTypeChanged(IngressPointType previous)
    {
        var proposed = _proposals[previous].Ports.Select(p => (int?)p);
        if (_draft.Ports.Select(p => p.Port).SequenceEqual(proposed) || _draft.Ports.All(p => p.Port is null))
        {
            Propose(_draft.Type);
        }
    }

    private void Propose(IngressPointType type)
    {
        var ports = _proposals[type].Ports;
        _draft.Ports.Clear();
        // With nothing to propose, one empty field to fill in.
        _draft.Ports.AddRange(ports.Count > 0 ? IngressPortDraft.Of(ports) : [new IngressPortDraft()]);
    }
}
