using MailManager.Core.Common;
using MailManager.Data.Api;
using MailManager.Web.Components.Shared;
using MudBlazor;

namespace MailManager.Web.Components.Pages.ApiAccessKeys;

/// <summary>The create form's state: a key has nothing else the administrator chooses.</summary>
public sealed class ApiAccessKeyDraft
{
    public string? Description { get; set; }
}

internal static class ApiAccessKeyText
{
    public const string ListHref = "api-access-keys";

    /// <summary>How many of a key's changes its page lists, newest first.</summary>
    public const int ChangesShown = 50;

    /// <summary>The region the examples name: the API accepts any region name in the signature's scope.</summary>
    public const string ExampleRegion = "us-east-1";

    public static string DetailHref(string accessKeyId) => $"{ListHref}/{accessKeyId}";

    public static string Status(ApiAccessKey key) => key.Active ? "Active" : "Inactive";

    public static Color StatusColor(ApiAccessKey key) => key.Active ? Color.Success : Color.Default;

    public static string LastUsed(ApiAccessKey key) => key.LastUsedTimestamp is { } used ? Timestamps.Show(used) : "Never";

    /// <summary>The storage refuses a longer description; the form says so at the field instead.</summary>
    public static ValidationErrors Validate(ApiAccessKeyDraft draft)
    {
        var errors = new ValidationErrors();
        if (draft.Description?.Trim() is { Length: > ApiAccessKeyService.MaxDescriptionLength })
        {
            errors.Add(nameof(ApiAccessKeyDraft.Description), $"The description must be at most {ApiAccessKeyService.MaxDescriptionLength} characters long.");
        }
        return errors;
    }

    // The console pages of the resources the API changes, by their ID's prefix.
    private static readonly (string Prefix, string ListHref)[] ResourcePages =
    [
        (ResourceId.IngressPointPrefix, "ingress-endpoints"),
        (ResourceId.TrafficPolicyPrefix, "traffic-policies"),
        (ResourceId.RuleSetPrefix, "rule-sets"),
        (ResourceId.RelayPrefix, "smtp-relays"),
        (ResourceId.AddressListPrefix, "address-lists"),
        (ResourceId.SecretPrefix, "secrets"),
    ];

    /// <summary>
    /// The console page of the resource a change was made to, or null when the ID is not one of a resource with a page
    /// (an import job, say). Only well-formed IDs are linked, so a link never carries anything else.
    /// </summary>
    public static string? ResourceHref(string? resourceId) =>
        resourceId is null
            ? null
            : ResourcePages.Where(p => ResourceId.IsWellFormed(resourceId, p.Prefix)).Select(p => $"{p.ListHref}/{resourceId}").FirstOrDefault();

    /// <summary>The console's origin (scheme, host and port): the API answers on the console's port at <c>POST /</c>.</summary>
    public static string Origin(string baseUri) => new Uri(baseUri).GetLeftPart(UriPartial.Authority);

    /// <summary>The AWS SDK for JavaScript v3 pointed at this console. The secret comes from the environment, never from a page.</summary>
    public static string SdkExample(string origin, string accessKeyId) => $$"""
        import { MailManagerClient, ListRuleSetsCommand } from "@aws-sdk/client-mailmanager";

        const accessKeyId = "{{accessKeyId}}";
        const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;

        const client = new MailManagerClient({
          endpoint: "{{origin}}",
          region: "{{ExampleRegion}}",
          credentials: { accessKeyId, secretAccessKey },
        });
        const { RuleSets } = await client.send(new ListRuleSetsCommand({}));
        """;

    /// <summary>The AWS CLI's equivalent: the same key in the standard environment variables.</summary>
    public static string CliExample(string origin, string accessKeyId) => $"""
        export AWS_ACCESS_KEY_ID={accessKeyId}
        export AWS_SECRET_ACCESS_KEY=<secret access key>
        export AWS_REGION={ExampleRegion}
        aws mailmanager list-rule-sets --endpoint-url {origin}
        """;
}
