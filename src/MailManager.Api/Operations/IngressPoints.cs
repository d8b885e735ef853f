using System.Globalization;
using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Core.Common;
using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using MailManager.Ingress;
using Microsoft.Extensions.Options;

namespace MailManager.Api.Operations;

/// <summary>SES <c>IngressPointConfiguration</c>, a union: an SMTP password or a secret's ARN.</summary>
public sealed class IngressPointConfiguration
{
    public string? SmtpPassword { get; set; }
    public string? SecretArn { get; set; }
    public object? TlsAuthConfiguration { get; set; }
}

public sealed class NetworkConfiguration
{
    public object? PublicNetworkConfiguration { get; set; }
    public object? PrivateNetworkConfiguration { get; set; }
}

public sealed class IngressPointRequest
{
    public string? ClientToken { get; set; }
    public string? IngressPointId { get; set; }
    public string? IngressPointName { get; set; }
    public string? Type { get; set; }
    public string? RuleSetId { get; set; }
    public string? TrafficPolicyId { get; set; }
    public IngressPointConfiguration? IngressPointConfiguration { get; set; }
    public NetworkConfiguration? NetworkConfiguration { get; set; }
    public string? TlsPolicy { get; set; }
    public string? StatusToUpdate { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public string? NextToken { get; set; }
    public int? PageSize { get; set; }
}

public sealed class IngressPointApi(IngressPointService endpoints, IngressEndpointInfo info, IOptions<IngressOptions> options, ApiArns arns)
{
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        [nameof(IngressPointDraft.Name)] = "IngressPointName",
        [nameof(IngressPointDraft.SmtpPassword)] = "IngressPointConfiguration.SmtpPassword",
        [nameof(IngressPointDraft.SecretId)] = "IngressPointConfiguration.SecretArn",
    };

    public IngressPointService Endpoints => endpoints;

    public IngressEndpointInfo Info => info;

    public string BindAddress => options.Value.DefaultBindAddress;

    public ApiArns Arns => arns;

    public string Id(string? idOrArn) => arns.Id(ApiResourceType.IngressPoint, idOrArn, "IngressPointId");

    public async Task<IngressPoint> GetAsync(string? idOrArn, CancellationToken ct)
    {
        var id = Id(idOrArn);
        return await endpoints.GetAsync(id, ct) is { Status: not IngressPointStatus.Deprovisioning } endpoint
            ? endpoint
            : throw ApiException.NotFound($"Ingress point {id} does not exist.");
    }

    public static TlsPolicy? ParseTlsPolicy(string? value) => value switch
    {
        null => null,
        "OPTIONAL" => TlsPolicy.Optional,
        "REQUIRED" => TlsPolicy.Required,
        "FIPS" => throw ApiException.Validation("TlsPolicy: FIPS is not offered by MailManager; use REQUIRED or OPTIONAL."),
        _ => throw ApiException.Validation($"TlsPolicy: '{value}' is not one of REQUIRED, OPTIONAL."),
    };

    public object Describe(IngressPoint endpoint) => new
    {
        endpoint.IngressPointId,
        endpoint.IngressPointName,
        IngressPointArn = arns.For(ApiResourceType.IngressPoint, endpoint.IngressPointId),
        endpoint.Status,
        endpoint.Type,
        ARecord = info.ARecord,
        endpoint.RuleSetId,
        endpoint.TrafficPolicyId,
        IngressPointAuthConfiguration = endpoint.Type != IngressPointType.Auth ? null
            : endpoint.SecretId is { } secretId
                ? (object)new { SecretArn = arns.ForSecret(secretId) }
                : new { IngressPointPasswordConfiguration = new { SmtpPasswordVersion = endpoint.SmtpPasswordVersion.ToString(CultureInfo.InvariantCulture) } },
        NetworkConfiguration = new { PublicNetworkConfiguration = new { IpType = endpoint.BindAddress.Contains(':') ? "DUAL_STACK" : "IPV4" } },
        endpoint.TlsPolicy,
        endpoint.CreatedTimestamp,
        LastUpdatedTimestamp = endpoint.LastModifiedTimestamp,
        // Not in SES, where every endpoint listens on 25: where this one listens.
        endpoint.Ports,
    };
}

public sealed class CreateIngressPoint(IngressPointApi api, ApiCreates creates, ApiArns arns) : ApiOperation<IngressPointRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, IngressPointRequest request, CancellationToken ct)
    {
        var type = request.Type switch
        {
            "OPEN" => IngressPointType.Open,
            "AUTH" => IngressPointType.Auth,
            "MTLS" => throw ApiException.Validation("Type: MTLS is not offered by MailManager yet; use OPEN or AUTH."),
            null => throw ApiException.Validation("Type: OPEN or AUTH is required."),
            var other => throw ApiException.Validation($"Type: '{other}' is not one of OPEN, AUTH."),
        };
        if (request.NetworkConfiguration?.PrivateNetworkConfiguration is not null)
        {
            throw ApiException.Validation("NetworkConfiguration.PrivateNetworkConfiguration: VPC endpoints are not offered; the endpoint listens on the host's addresses.");
        }
        var draft = new IngressPointDraft
        {
            Name = request.IngressPointName ?? throw ApiException.Validation("IngressPointName: a value is required."),
            Type = type,
            RuleSetId = arns.Id(ApiResourceType.RuleSet, request.RuleSetId, "RuleSetId"),
            TrafficPolicyId = arns.Id(ApiResourceType.TrafficPolicy, request.TrafficPolicyId, "TrafficPolicyId"),
            TlsPolicy = IngressPointApi.ParseTlsPolicy(request.TlsPolicy) ?? TlsPolicy.Optional,
            BindAddress = api.BindAddress,
        };
        if (type == IngressPointType.Auth)
        {
            var configuration = request.IngressPointConfiguration
                ?? throw ApiException.Validation("IngressPointConfiguration: an AUTH ingress point needs SmtpPassword or SecretArn.");
            SetCredentials(configuration, draft);
        }
        var id = await creates.CreateAsync(call, request.ClientToken, request.Tags, async () =>
        {
            var proposal = await api.Info.ProposePortsAsync(type, ct);
            if (proposal.Ports.Count == 0)
            {
                throw ApiException.QuotaExceeded($"No port is free for a new ingress point: {proposal.Reason}");
            }
            draft.Ports = IngressPortDraft.Of(proposal.Ports);
            return ApiResults.Saved(await api.Endpoints.CreateAsync(draft, ct), IngressPointApi.Fields);
        }, ct);
        return new { IngressPointId = id };
    }

    private void SetCredentials(IngressPointConfiguration configuration, IngressPointDraft draft)
    {
        if (configuration.TlsAuthConfiguration is not null)
        {
            throw ApiException.Validation("IngressPointConfiguration.TlsAuthConfiguration: MTLS is not offered by MailManager yet.");
        }
        if ((configuration.SmtpPassword is null) == (configuration.SecretArn is null))
        {
            throw ApiException.Validation("IngressPointConfiguration: set exactly one of SmtpPassword and SecretArn.");
        }
        draft.AuthKind = configuration.SmtpPassword is null ? IngressAuthKind.Secret : IngressAuthKind.SmtpPassword;
        draft.SmtpPassword = configuration.SmtpPassword;
        draft.SecretId = configuration.SecretArn is null ? null : arns.SecretId(configuration.SecretArn, "IngressPointConfiguration.SecretArn");
    }
}

public sealed class GetIngressPoint(IngressPointApi api) : ApiOperation<IngressPointRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, IngressPointRequest request, CancellationToken ct) =>
        api.Describe(await api.GetAsync(request.IngressPointId, ct));
}

public sealed class ListIngressPoints(IngressPointApi api) : ApiOperation<IngressPointRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, IngressPointRequest request, CancellationToken ct)
    {
        var endpoints = (await api.Endpoints.ListAsync(ct)).Where(e => e.Status != IngressPointStatus.Deprovisioning);
        var (page, next) = Paging.Page(endpoints, e => e.IngressPointId, request.NextToken, request.PageSize);
        return new
        {
            IngressPoints = page.Select(e => new { e.IngressPointName, e.IngressPointId, e.Status, e.Type, ARecord = api.Info.ARecord }),
            NextToken = next,
        };
    }
}

public sealed class UpdateIngressPoint(IngressPointApi api, RuleSetApi ruleSets, TrafficPolicyApi trafficPolicies) : ApiOperation<IngressPointRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, IngressPointRequest request, CancellationToken ct)
    {
        var endpoint = await api.GetAsync(request.IngressPointId, ct);
        var id = call.ResourceId = endpoint.IngressPointId;
        var status = request.StatusToUpdate switch
        {
            null => (IngressPointStatusToUpdate?)null,
            "ACTIVE" => IngressPointStatusToUpdate.Active,
            "CLOSED" => IngressPointStatusToUpdate.Closed,
            var other => throw ApiException.Validation($"StatusToUpdate: '{other}' is not one of ACTIVE, CLOSED."),
        };
        var tlsPolicy = IngressPointApi.ParseTlsPolicy(request.TlsPolicy);
        var ruleSetId = request.RuleSetId is null ? null : api.Arns.Id(ApiResourceType.RuleSet, request.RuleSetId, "RuleSetId");
        var trafficPolicyId = request.TrafficPolicyId is null ? null : api.Arns.Id(ApiResourceType.TrafficPolicy, request.TrafficPolicyId, "TrafficPolicyId");
        // The service changes one part at a time: what can be judged beforehand is judged before anything changes, and
        // the credentials (judged by the service) go first, so a refusal leaves the endpoint as it was.
        await CheckAsync(request, endpoint, ruleSetId, trafficPolicyId, ct);
        if (request.IngressPointConfiguration is { } configuration)
        {
            if ((configuration.SmtpPassword is null) == (configuration.SecretArn is null))
            {
                throw ApiException.Validation("IngressPointConfiguration: set exactly one of SmtpPassword and SecretArn.");
            }
            var kind = configuration.SmtpPassword is null ? IngressAuthKind.Secret : IngressAuthKind.SmtpPassword;
            var secretId = configuration.SecretArn is null ? null : api.Arns.SecretId(configuration.SecretArn, "IngressPointConfiguration.SecretArn");
            ApiResults.Saved(await api.Endpoints.ReplaceCredentialsAsync(id, kind, configuration.SmtpPassword, secretId, ct), IngressPointApi.Fields);
        }
        if (ruleSetId is not null)
        {
            ApiResults.Saved(await api.Endpoints.UpdateRuleSetAsync(id, ruleSetId, ct), IngressPointApi.Fields);
        }
        if (trafficPolicyId is not null)
        {
            ApiResults.Saved(await api.Endpoints.UpdateTrafficPolicyAsync(id, trafficPolicyId, ct), IngressPointApi.Fields);
        }
        if (request.IngressPointName is { } name && name != endpoint.IngressPointName)
        {
            ApiResults.Saved(await api.Endpoints.RenameAsync(id, name, ct), IngressPointApi.Fields);
        }
        if (status is not null || tlsPolicy is not null)
        {
            ApiResults.Saved(await api.Endpoints.UpdateGeneralAsync(id, status ?? endpoint.DesiredStatus, tlsPolicy ?? endpoint.TlsPolicy, ct), IngressPointApi.Fields);
        }
        return null;
    }

    private async Task CheckAsync(IngressPointRequest request, IngressPoint endpoint, string? ruleSetId, string? trafficPolicyId, CancellationToken ct)
    {
        if (request.IngressPointName is { } name && name != endpoint.IngressPointName)
        {
            if (NameRules.CheckResourceName(name) is { } nameError)
            {
                throw ApiException.Validation($"IngressPointName: {nameError}");
            }
            if ((await api.Endpoints.ListAsync(ct)).Any(e => e.IngressPointName == name && e.IngressPointId != endpoint.IngressPointId))
            {
                throw ApiException.Conflict($"IngressPointName: An ingress endpoint named '{name}' already exists.");
            }
        }
        if (request.IngressPointConfiguration?.SmtpPassword is { } password && IngressPointValidator.CheckSmtpPassword(password) is { } passwordError)
        {
            throw ApiException.Validation($"IngressPointConfiguration.SmtpPassword: {passwordError}");
        }
        if (ruleSetId is not null && await ruleSets.RuleSets.GetAsync(ruleSetId, ct) is null)
        {
            throw ApiException.Validation($"RuleSetId: rule set {ruleSetId} does not exist.");
        }
        if (trafficPolicyId is not null && await trafficPolicies.Policies.GetAsync(trafficPolicyId, ct) is null)
        {
            throw ApiException.Validation($"TrafficPolicyId: traffic policy {trafficPolicyId} does not exist.");
        }
    }
}

public sealed class DeleteIngressPoint(IngressPointApi api) : ApiOperation<IngressPointRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, IngressPointRequest request, CancellationToken ct)
    {
        var id = api.Id(request.IngressPointId);
        call.ResourceId = id;
        ApiResults.Deleted(await api.Endpoints.DeleteAsync(id, ct));
        // The listener stops within moments; answering after it has lets a script delete the rule set and traffic
        // policy next, as it would in SES once the endpoint reads as gone. A slow stop goes on in the background.
        await api.Endpoints.WaitUntilRemovedAsync(id, TimeSpan.FromSeconds(30), ct);
        return null;
    }
}
