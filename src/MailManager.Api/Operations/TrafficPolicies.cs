using System.Text.Json;
using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Api.Wire;
using MailManager.Core.TrafficPolicies;
using MailManager.Data.TrafficPolicies;

namespace MailManager.Api.Operations;

public sealed class TrafficPolicyRequest
{
    public string? ClientToken { get; set; }
    public string? TrafficPolicyId { get; set; }
    public string? TrafficPolicyName { get; set; }
    public JsonElement? PolicyStatements { get; set; }
    public AcceptAction? DefaultAction { get; set; }
    public long? MaxMessageSizeBytes { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public string? NextToken { get; set; }
    public int? PageSize { get; set; }
}

public sealed class TrafficPolicyApi(TrafficPolicyService policies, ApiArns arns, PolicyWire wire)
{
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        [nameof(TrafficPolicyDraft.Name)] = "TrafficPolicyName",
    };

    public TrafficPolicyService Policies => policies;

    public PolicyWire Wire => wire;

    public string Id(string? idOrArn) => arns.Id(ApiResourceType.TrafficPolicy, idOrArn, "TrafficPolicyId");

    public async Task<TrafficPolicy> GetAsync(string? idOrArn, CancellationToken ct)
    {
        var id = Id(idOrArn);
        return await policies.GetAsync(id, ct) ?? throw ApiException.NotFound($"Traffic policy {id} does not exist.");
    }

    public object Describe(TrafficPolicy policy) => new
    {
        policy.TrafficPolicyName,
        policy.TrafficPolicyId,
        TrafficPolicyArn = arns.For(ApiResourceType.TrafficPolicy, policy.TrafficPolicyId),
        PolicyStatements = wire.ToWire(policy.PolicyStatements),
        policy.MaxMessageSizeBytes,
        policy.DefaultAction,
        policy.CreatedTimestamp,
        LastUpdatedTimestamp = policy.LastModifiedTimestamp,
    };
}

public sealed class CreateTrafficPolicy(TrafficPolicyApi api, ApiCreates creates) : ApiOperation<TrafficPolicyRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TrafficPolicyRequest request, CancellationToken ct)
    {
        var draft = new TrafficPolicyDraft
        {
            Name = request.TrafficPolicyName ?? throw ApiException.Validation("TrafficPolicyName: a value is required."),
            DefaultAction = request.DefaultAction ?? throw ApiException.Validation("DefaultAction: ALLOW or DENY is required."),
            MaxMessageSizeBytes = request.MaxMessageSizeBytes,
            PolicyStatements = api.Wire.FromWire(request.PolicyStatements),
        };
        var id = await creates.CreateAsync(call, request.ClientToken, request.Tags,
            async () => ApiResults.Saved(await api.Policies.CreateAsync(draft, ct), TrafficPolicyApi.Fields), ct);
        return new { TrafficPolicyId = id };
    }
}

public sealed class GetTrafficPolicy(TrafficPolicyApi api) : ApiOperation<TrafficPolicyRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TrafficPolicyRequest request, CancellationToken ct) =>
        api.Describe(await api.GetAsync(request.TrafficPolicyId, ct));
}

public sealed class ListTrafficPolicies(TrafficPolicyApi api) : ApiOperation<TrafficPolicyRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TrafficPolicyRequest request, CancellationToken ct)
    {
        var (page, next) = Paging.Page(await api.Policies.ListAsync(ct), p => p.TrafficPolicyId, request.NextToken, request.PageSize);
        return new
        {
            TrafficPolicies = page.Select(p => new { p.TrafficPolicyName, p.TrafficPolicyId, p.DefaultAction }),
            NextToken = next,
        };
    }
}

public sealed class UpdateTrafficPolicy(TrafficPolicyApi api) : ApiOperation<TrafficPolicyRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TrafficPolicyRequest request, CancellationToken ct)
    {
        var policy = await api.GetAsync(request.TrafficPolicyId, ct);
        call.ResourceId = policy.TrafficPolicyId;
        var draft = new TrafficPolicyDraft
        {
            Name = request.TrafficPolicyName ?? policy.TrafficPolicyName,
            DefaultAction = request.DefaultAction ?? policy.DefaultAction,
            MaxMessageSizeBytes = request.MaxMessageSizeBytes ?? policy.MaxMessageSizeBytes,
            // Null keeps the statements the policy has.
            PolicyStatements = request.PolicyStatements is null ? null : api.Wire.FromWire(request.PolicyStatements),
        };
        ApiResults.Saved(await api.Policies.UpdateAsync(policy.TrafficPolicyId, draft, ct), TrafficPolicyApi.Fields);
        return null;
    }
}

public sealed class DeleteTrafficPolicy(TrafficPolicyApi api) : ApiOperation<TrafficPolicyRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TrafficPolicyRequest request, CancellationToken ct)
    {
        var id = api.Id(request.TrafficPolicyId);
        call.ResourceId = id;
        ApiResults.Deleted(await api.Policies.DeleteAsync(id, ct));
        return null;
    }
}
