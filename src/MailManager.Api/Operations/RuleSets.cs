using System.Text.Json;
using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Api.Wire;
using MailManager.Core.RuleSets;
using MailManager.Data.RuleSets;

namespace MailManager.Api.Operations;

public sealed class RuleSetRequest
{
    public string? ClientToken { get; set; }
    public string? RuleSetId { get; set; }
    public string? RuleSetName { get; set; }
    public JsonElement? Rules { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public string? NextToken { get; set; }
    public int? PageSize { get; set; }
}

public sealed class RuleSetApi(RuleSetService ruleSets, ApiArns arns, RuleWire wire)
{
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        [nameof(RuleSetDraft.Name)] = "RuleSetName",
    };

    public RuleSetService RuleSets => ruleSets;

    public RuleWire Wire => wire;

    public string Id(string? idOrArn) => arns.Id(ApiResourceType.RuleSet, idOrArn, "RuleSetId");

    public async Task<RuleSet> GetAsync(string? idOrArn, CancellationToken ct)
    {
        var id = Id(idOrArn);
        return await ruleSets.GetAsync(id, ct) ?? throw ApiException.NotFound($"Rule set {id} does not exist.");
    }

    public object Describe(RuleSet ruleSet) => new
    {
        ruleSet.RuleSetId,
        RuleSetArn = arns.For(ApiResourceType.RuleSet, ruleSet.RuleSetId),
        ruleSet.RuleSetName,
        CreatedDate = ruleSet.CreatedTimestamp,
        LastModificationDate = ruleSet.LastModifiedTimestamp,
        Rules = wire.ToWire(ruleSet.Rules),
    };
}

public sealed class CreateRuleSet(RuleSetApi api, ApiCreates creates) : ApiOperation<RuleSetRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RuleSetRequest request, CancellationToken ct)
    {
        var draft = new RuleSetDraft
        {
            Name = request.RuleSetName ?? throw ApiException.Validation("RuleSetName: a value is required."),
            Rules = api.Wire.FromWire(request.Rules),
        };
        var id = await creates.CreateAsync(call, request.ClientToken, request.Tags,
            async () => ApiResults.Saved(await api.RuleSets.CreateAsync(draft, ct), RuleSetApi.Fields), ct);
        return new { RuleSetId = id };
    }
}

public sealed class GetRuleSet(RuleSetApi api) : ApiOperation<RuleSetRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RuleSetRequest request, CancellationToken ct) =>
        api.Describe(await api.GetAsync(request.RuleSetId, ct));
}

public sealed class ListRuleSets(RuleSetApi api) : ApiOperation<RuleSetRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RuleSetRequest request, CancellationToken ct)
    {
        var (page, next) = Paging.Page(await api.RuleSets.ListAsync(ct), r => r.RuleSetId, request.NextToken, request.PageSize);
        return new
        {
            RuleSets = page.Select(r => new { r.RuleSetId, r.RuleSetName, LastModificationDate = r.LastModifiedTimestamp }),
            NextToken = next,
        };
    }
}

public sealed class UpdateRuleSet(RuleSetApi api) : ApiOperation<RuleSetRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RuleSetRequest request, CancellationToken ct)
    {
        var ruleSet = await api.GetAsync(request.RuleSetId, ct);
        call.ResourceId = ruleSet.RuleSetId;
        var draft = RuleSetDraft.From(ruleSet);
        draft.Name = request.RuleSetName ?? draft.Name;
        if (request.Rules is not null)
        {
            draft.Rules = api.Wire.FromWire(request.Rules);
        }
        ApiResults.Saved(await api.RuleSets.UpdateAsync(ruleSet.RuleSetId, draft, ct), RuleSetApi.Fields);
        return null;
    }
}

public sealed class DeleteRuleSet(RuleSetApi api) : ApiOperation<RuleSetRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RuleSetRequest request, CancellationToken ct)
    {
        var id = api.Id(request.RuleSetId);
        call.ResourceId = id;
        ApiResults.Deleted(await api.RuleSets.DeleteAsync(id, ct));
        return null;
    }
}
