using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Core.Relays;
using MailManager.Data.Relays;

namespace MailManager.Api.Operations;

/// <summary>SES <c>RelayAuthentication</c>, a union: a secret's ARN or <c>NoAuthentication: {}</c>.</summary>
public sealed class RelayAuthentication
{
    public string? SecretArn { get; set; }
    public object? NoAuthentication { get; set; }
}

public sealed class RelayRequest
{
    public string? ClientToken { get; set; }
    public string? RelayId { get; set; }
    public string? RelayName { get; set; }
    public string? ServerName { get; set; }
    public int? ServerPort { get; set; }
    public RelayAuthentication? Authentication { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public string? NextToken { get; set; }
    public int? PageSize { get; set; }
}

/// <summary>The relay operations' shared reading of requests and writing of answers.</summary>
public sealed class RelayApi(RelayService relays, ApiArns arns)
{
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        [nameof(RelayDraft.Name)] = "RelayName",
        [nameof(RelayDraft.SecretId)] = "Authentication.SecretArn",
    };

    public RelayService Relays => relays;

    public async Task<Relay> GetAsync(string? idOrArn, CancellationToken ct)
    {
        var id = arns.Id(ApiResourceType.Relay, idOrArn, "RelayId");
        return await relays.GetAsync(id, ct) ?? throw ApiException.NotFound($"Relay {id} does not exist.");
    }

    public void Apply(RelayRequest request, RelayDraft draft)
    {
        if (request.RelayName is not null)
        {
            draft.Name = request.RelayName;
        }
        if (request.ServerName is not null)
        {
            draft.ServerName = request.ServerName;
        }
        if (request.ServerPort is not null)
        {
            draft.ServerPort = request.ServerPort;
        }
        if (request.Authentication is { } auth)
        {
            if ((auth.SecretArn is null) == (auth.NoAuthentication is null))
            {
                throw ApiException.Validation("Authentication: set exactly one of SecretArn and NoAuthentication.");
            }
            draft.SecretId = auth.SecretArn is null ? null : arns.SecretId(auth.SecretArn, "Authentication.SecretArn");
        }
    }

    public object Describe(Relay relay) => new
    {
        relay.RelayId,
        RelayArn = arns.For(ApiResourceType.Relay, relay.RelayId),
        relay.RelayName,
        relay.ServerName,
        relay.ServerPort,
        Authentication = relay.SecretId is { } secretId
            ? (object)new { SecretArn = arns.ForSecret(secretId) }
            : new { NoAuthentication = new { } },
        relay.CreatedTimestamp,
        relay.LastModifiedTimestamp,
    };
}

public sealed class CreateRelay(RelayApi api, ApiCreates creates) : ApiOperation<RelayRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RelayRequest request, CancellationToken ct)
    {
        if (request.RelayName is null || request.ServerName is null || request.ServerPort is null || request.Authentication is null)
        {
            throw ApiException.Validation("RelayName, ServerName, ServerPort and Authentication are required.");
        }
        var id = await creates.CreateAsync(call, request.ClientToken, request.Tags, async () =>
        {
            var draft = new RelayDraft();
            api.Apply(request, draft);
            return ApiResults.Saved(await api.Relays.CreateAsync(draft, ct), RelayApi.Fields);
        }, ct);
        return new { RelayId = id };
    }
}

public sealed class GetRelay(RelayApi api) : ApiOperation<RelayRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RelayRequest request, CancellationToken ct) =>
        api.Describe(await api.GetAsync(request.RelayId, ct));
}

public sealed class ListRelays(RelayApi api) : ApiOperation<RelayRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RelayRequest request, CancellationToken ct)
    {
        // ListRelays' PageSize has no bounds in the model: larger pages are cut to the usual 50.
        var (page, next) = Paging.Page(await api.Relays.ListAsync(ct), r => r.RelayId, request.NextToken, request.PageSize, clamp: true);
        return new { Relays = page.Select(r => new { r.RelayId, r.RelayName, r.LastModifiedTimestamp }), NextToken = next };
    }
}

public sealed class UpdateRelay(RelayApi api) : ApiOperation<RelayRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RelayRequest request, CancellationToken ct)
    {
        var relay = await api.GetAsync(request.RelayId, ct);
        call.ResourceId = relay.RelayId;
        var draft = new RelayDraft { Name = relay.RelayName, ServerName = relay.ServerName, ServerPort = relay.ServerPort, SecretId = relay.SecretId };
        api.Apply(request, draft);
        ApiResults.Saved(await api.Relays.UpdateAsync(relay.RelayId, draft, ct), RelayApi.Fields);
        return null;
    }
}

public sealed class DeleteRelay(RelayApi api, ApiArns arns) : ApiOperation<RelayRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, RelayRequest request, CancellationToken ct)
    {
        var id = arns.Id(ApiResourceType.Relay, request.RelayId, "RelayId");
        call.ResourceId = id;
        ApiResults.Deleted(await api.Relays.DeleteAsync(id, ct));
        return null;
    }
}
