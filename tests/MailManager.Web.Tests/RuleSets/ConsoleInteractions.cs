using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.RuleSets;

/// <summary>
/// Uses the rule set editor's controls as a person does: by their accessible names. MudSelect lists
/// its options in a popover rendered by <see cref="MudPopoverProvider"/>, so that must be rendered too.
/// </summary>
internal static class ConsoleInteractions
{
    public static void ClickButton<T>(this IRenderedComponent<T> page, string accessibleName) where T : IComponent =>
        page.FindAll("button")
            .Single(b => (b.GetAttribute("aria-label") ?? b.TextContent.Trim()) == accessibleName)
            .Click();

    /// <summary>Opens the select whose combobox is named <paramref name="label"/> and clicks the option <paramref name="option"/>.</summary>
    public static void Choose<T>(this IRenderedComponent<T> page, IRenderedComponent<MudPopoverProvider> popovers, string label, string option)
        where T : IComponent
    {
        var select = page.FindAll(".mud-select[id]").Single(s => ComboboxLabel(s) == label);
        select.QuerySelector(".mud-input-control")!.MouseDown();
        var popoverId = select.QuerySelector(".mud-popover-cascading-value")!.Id!.Replace("popover-", "popovercontent-", StringComparison.Ordinal);
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll($"#{popoverId} .mud-list-item")));
        popovers.FindAll($"#{popoverId} .mud-list-item").Single(i => i.TextContent.Trim() == option).Click();
        page.WaitForAssertion(() => Assert.Equal(option, SelectedText(page, label)));
    }

    /// <summary>The text a select shows for its value, or "" when nothing is chosen.</summary>
    public static string SelectedText<T>(this IRenderedComponent<T> page, string label) where T : IComponent
    {
        var combobox = page.FindAll("[role=combobox]").Single(c => c.GetAttribute("aria-label") == label);
        return (combobox is IHtmlInputElement input ? input.Value : combobox.TextContent).Trim();
    }

    /// <summary>The value of the text field labelled <paramref name="label"/>.</summary>
    public static string? InputValue<T>(this IRenderedComponent<T> page, string label) where T : IComponent =>
        page.Find("#" + page.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for")).GetAttribute("value");

    /// <summary>The radio button <paramref name="option"/> of the radio group named <paramref name="group"/>.</summary>
    public static IElement Radio<T>(this IRenderedComponent<T> page, string group, string option) where T : IComponent =>
        page.FindAll("[role=radiogroup]").Single(g => g.GetAttribute("aria-label") == group)
            .QuerySelectorAll("label").Single(l => l.TextContent.Trim() == option)
            .QuerySelector("input[type=radio]")!;

    /// <summary>The field's container (input, label, helper and error text) found by the field's label.</summary>
    public static IElement FieldNamed<T>(this IRenderedComponent<T> page, string label) where T : IComponent =>
        page.FindAll("label.mud-input-label").Single(l => l.TextContent.Trim() == label).Closest(".mud-input-control")!;

    /// <summary>The container of a rule in the editor, named by its heading ("Rule 1").</summary>
    public static IElement Region<T>(this IRenderedComponent<T> page, string name) where T : IComponent =>
        page.FindAll("[role=region]").Single(r => page.Find("#" + r.GetAttribute("aria-labelledby")).TextContent.Trim() == name);

    private static string? ComboboxLabel(IElement select) => select.QuerySelector("[role=combobox]")?.GetAttribute("aria-label");
}
