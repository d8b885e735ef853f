using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace MailManager.Web.Tests.Infrastructure;

/// <summary>Fills form fields the way a person does: by the text of their label.</summary>
public static class FormExtensions
{
    public static void FillIn<T>(this IRenderedComponent<T> page, string label, string value) where T : IComponent
    {
        var labelElement = page.FindAll("label").SingleOrDefault(l => l.TextContent.Trim() == label)
            ?? throw new InvalidOperationException($"No label '{label}' in the rendered markup.");
        var input = page.Find("#" + labelElement.GetAttribute("for"));
        // MudBlazor fields listen to "input" when Immediate, to "change" otherwise.
        try
        {
            input.Input(value);
        }
        catch (MissingEventHandlerException)
        {
            input.Change(value);
        }
    }
}
