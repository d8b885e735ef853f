using MailManager.Api.Protocol;
using MailManager.Core.Common;
using Microsoft.Extensions.Options;

namespace MailManager.Api.Resources;

/// <summary>A kind of resource as the API names it: its ID prefix and the resource part of its ARN.</summary>
public sealed record ApiResourceType(string Name, string IdPrefix, string ArnType)
{
    public static readonly ApiResourceType IngressPoint = new("ingress point", ResourceId.IngressPointPrefix, "mailmanager-ingress-point");
    public static readonly ApiResourceType TrafficPolicy = new("traffic policy", ResourceId.TrafficPolicyPrefix, "mailmanager-traffic-policy");
    public static readonly ApiResourceType RuleSet = new("rule set", ResourceId.RuleSetPrefix, "mailmanager-rule-set");
    public static readonly ApiResourceType Relay = new("relay", ResourceId.RelayPrefix, "mailmanager-smtp-relay");
    public static readonly ApiResourceType AddressList = new("address list", ResourceId.AddressListPrefix, "mailmanager-address-list");

    public static readonly IReadOnlyList<ApiResourceType> Taggable = [IngressPoint, TrafficPolicy, RuleSet, Relay, AddressList];
}

/// <summary>
/// ARNs in the documented shapes, <c>arn:aws:ses:{region}:{account}:mailmanager-rule-set/rs-…</c> and
/// <c>arn:aws:secretsmanager:{region}:{account}:secret:sec-…</c>, with the configured region and account, and IDs
/// read from either an ID or an ARN wherever the API takes one.
/// </summary>
public sealed class ApiArns(IOptions<ApiOptions> options)
{
    private string Prefix(string service) => $"arn:aws:{service}:{options.Value.Region}:{options.Value.AccountId}:";

    public string For(ApiResourceType type, string id) => $"{Prefix("ses")}{type.ArnType}/{id}";

    public string ForSecret(string secretId) => $"{Prefix("secretsmanager")}secret:{secretId}";

    /// <summary>
    /// The ID in <paramref name="idOrArn"/>: an ID as it is, or the ID at the end of an ARN of this gateway and of
    /// <paramref name="type"/>. An ARN of another kind, region or account is a ValidationException naming <paramref name="member"/>.
    /// </summary>
    public string Id(ApiResourceType type, string? idOrArn, string member)
    {
        if (string.IsNullOrWhiteSpace(idOrArn))
        {
            throw ApiException.Validation($"{member}: a value is required.");
        }
        var prefix = $"{Prefix("ses")}{type.ArnType}/";
        var id = !idOrArn.StartsWith("arn:", StringComparison.Ordinal) ? idOrArn
            : idOrArn.StartsWith(prefix, StringComparison.Ordinal) ? idOrArn[prefix.Length..]
            : throw ApiException.Validation($"{member}: '{idOrArn}' is not the ARN of a {type.Name} of this gateway (expected {prefix}<id>).");
        // A malformed ID is refused before any lookup, as SES does; a well-formed one that does not exist is not found.
        return ResourceId.IsWellFormed(id, type.IdPrefix)
            ? id
            : throw ApiException.Validation($"{member}: '{idOrArn}' is not a {type.Name} ID ({type.IdPrefix}- and {ResourceId.RandomLength} lower-case letters or digits) or ARN.");
    }

    /// <summary>The ID of a secret from its ARN, or from its ID.</summary>
    public string SecretId(string? arn, string member)
    {
        if (string.IsNullOrWhiteSpace(arn))
        {
            throw ApiException.Validation($"{member}: a value is required.");
        }
        var prefix = $"{Prefix("secretsmanager")}secret:";
        if (arn.StartsWith(prefix, StringComparison.Ordinal) && arn.Length > prefix.Length)
        {
            return arn[prefix.Length..];
        }
        return arn.StartsWith("arn:", StringComparison.Ordinal)
            ? throw ApiException.Validation($"{member}: '{arn}' is not the ARN of a secret of this gateway (expected {prefix}<id>).")
            : arn;
    }

    /// <summary>The type and ID of a taggable resource's ARN (SES <c>TaggableResourceArn</c>).</summary>
    public (ApiResourceType Type, string Id) Resource(string? arn, string member)
    {
        foreach (var type in ApiResourceType.Taggable)
        {
            var prefix = $"{Prefix("ses")}{type.ArnType}/";
            if (arn is not null && arn.StartsWith(prefix, StringComparison.Ordinal) && arn.Length > prefix.Length)
            {
                return (type, arn[prefix.Length..]);
            }
        }
        throw ApiException.Validation($"{member}: '{arn}' is not the ARN of a resource of this gateway (arn:aws:ses:{options.Value.Region}:{options.Value.AccountId}:mailmanager-…/<id>).");
    }
}
