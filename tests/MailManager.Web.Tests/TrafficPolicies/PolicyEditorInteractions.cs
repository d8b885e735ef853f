using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.TrafficPolicies;

/// <summary>
/// Uses the policy statement editor as a person does: inside the group of one condition ("Policy statement 1,
/// condition 2"), by the fields' plain labels ("Property", "Operator", "Value 1").
/// </summary>
internal static class PolicyEditorInteractions
{
    public static IElement Group<T>(this IRenderedComponent<T> page, string name) where T : IComponent =>
        page.FindAll("[role=group]").SingleOrDefault(g => g.GetAttribute("aria-label") == name)
        ?? throw new InvalidOperationException($"No group '{name}' on the page.");

    public static void FillInGroup<T>(this IRenderedComponent<T> page, string group, string label, string value) where T : IComponent
    {
        var input = page.Find("#" + LabelIn(page, group, label).GetAttribute("for"));
        try
        {
            input.Input(value);
        }
        catch (MissingEventHandlerException)
        {
            input.Change(value);
        }
    }

    /// <summary>Opens the select labelled <paramref name="label"/> in <paramref name="group"/> and clicks <paramref name="option"/>.</summary>
    public static void ChooseIn<T>(this IRenderedComponent<T> page, IRenderedComponent<MudPopoverProvider> popovers, string group, string label, string option)
        where T : IComponent
    {
        var select = Select(page, group, label);
        select.QuerySelector(".mud-input-control")!.MouseDown();
        var popoverId = select.QuerySelector(".mud-popover-cascading-value")!.Id!.Replace("popover-", "popovercontent-", StringComparison.Ordinal);
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll($"#{popoverId} .mud-list-item")));
        popovers.FindAll($"#{popoverId} .mud-list-item").Single(i => i.TextContent.Trim() == option).Click();
        page.WaitForAssertion(() => Assert.Equal(option, SelectedIn(page, group, label)));
    }

    /// <summary>The text a select in <paramref name="group"/> shows for its value.</summary>
    public static string SelectedIn<T>(this IRenderedComponent<T> page, string group, string label) where T : IComponent
    {
        var combobox = Select(page, group, label).QuerySelector("[role=combobox]")!;
        return (combobox is IHtmlInputElement input ? input.Value : combobox.TextContent).Trim();
    }

    /// <summary>The value of a text field in <paramref name="group"/>.</summary>
    public static string? InputValueIn<T>(this IRenderedComponent<T> page, string group, string label) where T : IComponent =>
        page.Find("#" + LabelIn(page, group, label).GetAttribute("for")).GetAttribute("value");

    /// <summary>The text of a field's own container (label, input, helper or error text) in <paramref name="group"/>.</summary>
    public static string FieldTextIn<T>(this IRenderedComponent<T> page, string group, string label) where T : IComponent =>
        LabelIn(page, group, label).Closest(".mud-input-control")!.TextContent;

    public static IElement Button<T>(this IRenderedComponent<T> page, string accessibleName) where T : IComponent =>
        page.FindAll("button").Single(b => (b.GetAttribute("aria-label") ?? b.TextContent.Trim()) == accessibleName);

    /// <summary>How the button tells why it is disabled (its aria-describedby text).</summary>
    public static string DisabledReason<T>(this IRenderedComponent<T> page, string accessibleName) where T : IComponent
    {
        var button = page.Button(accessibleName);
        Assert.True(button.HasAttribute("disabled"), $"'{accessibleName}' is enabled.");
        return page.Find("#" + button.GetAttribute("aria-describedby")).TextContent.Trim();
    }

    private static IElement LabelIn<T>(IRenderedComponent<T> page, string group, string label) where T : IComponent =>
        page.Group(group).QuerySelectorAll("label").SingleOrDefault(l => l.TextContent.Trim() == label)
        ?? throw new InvalidOperationException($"No label '{label}' in group '{group}'.");

    private static IElement Select<T>(IRenderedComponent<T> page, string group, string label) where T : IComponent =>
        page.Group(group).QuerySelectorAll(".mud-select[id]").Single(s => s.QuerySelector("[role=combobox]")?.GetAttribute("aria-label") == label);
}
