using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Data.Api;

namespace MailManager.Api.Operations;

public sealed class TagRequest
{
    public string? ResourceArn { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public List<string>? TagKeys { get; set; }
}

public sealed class TagApi(ApiArns arns, ResourceTagService tags, IngressPointApi ingressPoints, TrafficPolicyApi trafficPolicies,
    RuleSetApi ruleSets, RelayApi relays, AddressListApi addressLists)
{
    public ResourceTagService Tags => tags;

    /// <summary>The ID of the existing resource an ARN names; a missing one is a ResourceNotFoundException.</summary>
    public async Task<string> ResourceAsync(string? arn, CancellationToken ct)
    {
        var (type, id) = arns.Resource(arn, "ResourceArn");
        if (type == ApiResourceType.IngressPoint) await ingressPoints.GetAsync(id, ct);
        else if (type == ApiResourceType.TrafficPolicy) await trafficPolicies.GetAsync(id, ct);
        else if (type == ApiResourceType.RuleSet) await ruleSets.GetAsync(id, ct);
        else if (type == ApiResourceType.Relay) await relays.GetAsync(id, ct);
        else await addressLists.GetAsync(id, ct);
        return id;
    }
}

public sealed class TagResource(TagApi api) : ApiOperation<TagRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TagRequest request, CancellationToken ct)
    {
        var tags = ApiTags.Validate(request.Tags ?? throw ApiException.Validation("Tags: a value is required."));
        var id = call.ResourceId = await api.ResourceAsync(request.ResourceArn, ct);
        if (!await api.Tags.SetAsync(id, tags, ct))
        {
            throw ApiException.QuotaExceeded($"Tags: a resource has at most {ResourceTagService.MaxTagsPerResource} tags.");
        }
        return null;
    }
}

public sealed class UntagResource(TagApi api) : ApiOperation<TagRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TagRequest request, CancellationToken ct)
    {
        var keys = request.TagKeys ?? throw ApiException.Validation("TagKeys: a value is required.");
        var id = call.ResourceId = await api.ResourceAsync(request.ResourceArn, ct);
        await api.Tags.RemoveAsync(id, keys, ct);
        return null;
    }
}

public sealed class ListTagsForResource(TagApi api) : ApiOperation<TagRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, TagRequest request, CancellationToken ct)
    {
        var id = await api.ResourceAsync(request.ResourceArn, ct);
        return new { Tags = ApiTags.Of(await api.Tags.ListAsync(id, ct)) };
    }
}
