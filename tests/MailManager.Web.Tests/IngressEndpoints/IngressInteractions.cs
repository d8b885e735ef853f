using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MailManager.Web.Tests.IngressEndpoints;

/// <summary>
/// Uses the ingress endpoint pages as a person does: fields by their labels, radios by group and
/// option, detail values by their term. MudSelect lists options in <see cref="MudPopoverProvider"/>.
/// </summary>
internal static class IngressInteractions
{
    public static void Press<T>(this IRenderedComponent<T> page, string text) where T : IComponent =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text && !b.HasAttribute("disabled")).Click();

    public static void Check<T>(this IRenderedComponent<T> page, string group, string option) where T : IComponent =>
        page.FindAll("[role=radiogroup]").Single(g => g.GetAttribute("aria-label") == group)
            .QuerySelectorAll("label").Single(l => l.TextContent.Trim() == option)
            .QuerySelector("input[type=radio]")!.Click();

    /// <summary>The text of the field labelled <paramref name="label"/>: label, value, helper and messages.</summary>
    public static string Field<T>(this IRenderedComponent<T> page, string label) where T : IComponent =>
        page.FindAll("label").Single(l => l.TextContent.Trim() == label).Closest(".mud-input-control")!.TextContent;

    public static string? InputValue<T>(this IRenderedComponent<T> page, string label) where T : IComponent =>
        ((IHtmlInputElement)page.Find("#" + page.FindAll("label").Single(l => l.TextContent.Trim() == label).GetAttribute("for"))).Value;

    /// <summary>Opens the select labelled <paramref name="label"/> and clicks the option whose text is <paramref name="option"/>.</summary>
    public static void Choose<T>(this IRenderedComponent<T> page, IRenderedComponent<MudPopoverProvider> popovers, string label, string option)
        where T : IComponent
    {
        var select = page.FindAll(".mud-select[id]").Single(s => s.QuerySelector("label")?.TextContent.Trim() == label);
        select.QuerySelector(".mud-input-control")!.MouseDown();
        var popoverId = select.QuerySelector(".mud-popover-cascading-value")!.Id!.Replace("popover-", "popovercontent-", StringComparison.Ordinal);
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll($"#{popoverId} .mud-list-item")));
        popovers.FindAll($"#{popoverId} .mud-list-item").Single(i => i.TextContent.Trim() == option).Click();
    }

    /// <summary>The value of a detail page's item, found by its term as the end-to-end tests do (".detail-item" with "Status").</summary>
    public static string Detail<T>(this IRenderedComponent<T> page, string section, string term) where T : IComponent =>
        page.Find($"section[aria-label='{section}']").QuerySelectorAll(".detail-item")
            .Single(d => d.QuerySelector("dt")!.TextContent.Trim() == term)
            .QuerySelector("dd")!.TextContent.Trim();
}
