using System.Text.RegularExpressions;
using MailManager.Api.Protocol;
using MailManager.Data.Api;

namespace MailManager.Api.Resources;

/// <summary>SES <c>Tag</c>.</summary>
public sealed class ApiTag
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

/// <summary>SES's tag rules: keys 1..128 and values 0..256 of <c>[a-zA-Z0-9/_+=.:@-]</c>, at most 200 on a resource.</summary>
public static partial class ApiTags
{
    [GeneratedRegex(@"^[a-zA-Z0-9/_\+=\.:@\-]+$")]
    private static partial Regex Allowed();

    public static List<KeyValuePair<string, string>> Validate(IReadOnlyList<ApiTag>? tags, string member = "Tags")
    {
        var result = new List<KeyValuePair<string, string>>();
        if (tags is null)
        {
            return result;
        }
        if (tags.Count > ResourceTagService.MaxTagsPerResource)
        {
            throw ApiException.Validation($"{member}: at most {ResourceTagService.MaxTagsPerResource} tags.");
        }
        for (var i = 0; i < tags.Count; i++)
        {
            var key = tags[i].Key;
            var value = tags[i].Value ?? "";
            if (string.IsNullOrEmpty(key) || key.Length > 128 || !Allowed().IsMatch(key))
            {
                throw ApiException.Validation($"{member}[{i}].Key: 1 to 128 characters of letters, digits and / _ + = . : @ -.");
            }
            if (value.Length > 256 || (value.Length > 0 && !Allowed().IsMatch(value)))
            {
                throw ApiException.Validation($"{member}[{i}].Value: at most 256 characters of letters, digits and / _ + = . : @ -.");
            }
            result.Add(new(key, value));
        }
        return result;
    }

    public static List<ApiTag> Of(IEnumerable<ResourceTag> tags) => [.. tags.Select(t => new ApiTag { Key = t.Key, Value = t.Value })];
}
