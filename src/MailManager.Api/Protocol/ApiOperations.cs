using System.Text.Json.Nodes;

namespace MailManager.Api.Protocol;

/// <summary>
/// Every operation the endpoint answers, by target (<c>MailManagerSvc.CreateRuleSet</c>). Built from the registered
/// <see cref="IApiOperation"/>s; it refuses to start when two claim one target, or when an operation of the SES Mail
/// Manager model is neither implemented nor declared not offered, so the API's coverage is known at start-up.
/// </summary>
public sealed class ApiOperations
{
    /// <summary>Every operation of the SES Mail Manager model (API version 2023-10-17).</summary>
    public static readonly IReadOnlyList<string> MailManagerModel =
    [
        "CreateAddonInstance", "CreateAddonSubscription", "CreateAddressList", "CreateAddressListImportJob", "CreateArchive",
        "CreateIngressPoint", "CreateRelay", "CreateRuleSet", "CreateTrafficPolicy", "DeleteAddonInstance",
        "DeleteAddonSubscription", "DeleteAddressList", "DeleteArchive", "DeleteIngressPoint", "DeleteRelay", "DeleteRuleSet",
        "DeleteTrafficPolicy", "DeregisterMemberFromAddressList", "GetAddonInstance", "GetAddonSubscription", "GetAddressList",
        "GetAddressListImportJob", "GetArchive", "GetArchiveExport", "GetArchiveMessage", "GetArchiveMessageContent",
        "GetArchiveSearch", "GetArchiveSearchResults", "GetIngressPoint", "GetMemberOfAddressList", "GetRelay", "GetRuleSet",
        "GetTrafficPolicy", "ListAddonInstances", "ListAddonSubscriptions", "ListAddressListImportJobs", "ListAddressLists",
        "ListArchiveExports", "ListArchiveSearches", "ListArchives", "ListIngressPoints", "ListMembersOfAddressList",
        "ListRelays", "ListRuleSets", "ListTagsForResource", "ListTrafficPolicies", "RegisterMemberToAddressList",
        "StartAddressListImportJob", "StartArchiveExport", "StartArchiveSearch", "StopAddressListImportJob",
        "StopArchiveExport", "StopArchiveSearch", "TagResource", "UntagResource", "UpdateArchive", "UpdateIngressPoint",
        "UpdateRelay", "UpdateRuleSet", "UpdateTrafficPolicy",
    ];

    /// <summary>Operations of resources the gateway does not have yet, and what to say.</summary>
    private static readonly (string Marker, string Message)[] NotOffered =
    [
        ("Archive", "Email archiving (archives, archive searches and exports) is not offered by MailManager yet; use a Write to folder (WriteToS3) rule action to keep copies."),
        ("Addon", "Add-ons (third-party email analyzers) are not offered by MailManager."),
    ];

    private readonly Dictionary<string, IApiOperation> _byTarget = new(StringComparer.Ordinal);

    public ApiOperations(IEnumerable<IApiOperation> operations)
    {
        foreach (var operation in operations)
        {
            var target = $"{operation.Service}.{operation.Name}";
            if (!_byTarget.TryAdd(target, operation))
            {
                throw new InvalidOperationException($"Two API operations answer {target}: {_byTarget[target].GetType().FullName} and {operation.GetType().FullName}.");
            }
        }
        var missing = MailManagerModel.Where(name => !_byTarget.ContainsKey($"{ApiServices.MailManager}.{name}") && NotOfferedMessage(name) is null).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"SES Mail Manager operations with neither an implementation nor a not-offered answer: {string.Join(", ", missing)}.");
        }
    }

    public IEnumerable<string> Targets => _byTarget.Keys;

    /// <summary>The operation for a target, or null; an operation the gateway does not offer throws its explanation.</summary>
    public IApiOperation? Find(string service, string name)
    {
        if (_byTarget.TryGetValue($"{service}.{name}", out var operation))
        {
            return operation;
        }
        if (service == ApiServices.MailManager && MailManagerModel.Contains(name) && NotOfferedMessage(name) is { } message)
        {
            throw ApiException.Validation($"{name}: {message}");
        }
        return null;
    }

    private static string? NotOfferedMessage(string name) =>
        NotOffered.FirstOrDefault(n => name.Contains(n.Marker, StringComparison.Ordinal)).Message;
}
