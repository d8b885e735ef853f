using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.Secrets;

/// <summary>
/// The text of one MudBlazor field's own container (label, input, helper or error text), so a
/// test can check that a message appears next to that field and not merely somewhere on the page.
/// </summary>
public static class FieldMessages
{
    public static string FieldText<T>(this IRenderedComponent<T> page, string label) where T : IComponent
    {
        var labelElement = page.FindAll("label").SingleOrDefault(l => l.TextContent.Trim() == label)
            ?? throw new InvalidOperationException($"No label '{label}' in the rendered markup.");
        var container = labelElement.Closest(".mud-input-control")
            ?? throw new InvalidOperationException($"The label '{label}' is not inside a MudBlazor field.");
        return container.TextContent;
    }

    public static void ClickButton<T>(this IRenderedComponent<T> page, string text) where T : IComponent =>
        page.FindAll("button").Single(b => b.TextContent.Trim() == text && !b.HasAttribute("disabled")).Click();
}
