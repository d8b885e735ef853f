using MailManager.Data.Api;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Components.Shared;

public sealed partial class ResourceTags
{
    private IReadOnlyList<ResourceTag>? _tags;
    private string? _loadedFor;

    [Inject] private ResourceTagService Tags { get; set; } = default!;

    /// <summary>The ID of the resource whose tags are shown (<c>rl-…</c>, <c>rs-…</c>…).</summary>
    [Parameter, EditorRequired] public string ResourceId { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        // A parent re-rendering (an ingress endpoint's status changing) does not read the tags again.
        if (_loadedFor == ResourceId)
        {
            return;
        }
        _loadedFor = ResourceId;
        _tags = await Tags.ListAsync(ResourceId);
    }
}
