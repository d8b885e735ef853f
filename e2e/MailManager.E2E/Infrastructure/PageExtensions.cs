using Microsoft.Playwright;

namespace MailManager.E2E.Infrastructure;

public static partial class PageExtensions
{
    /// <summary>
    /// Waits until the console's circuit is up: a prerendered button clicked earlier does nothing.
    /// MainLayout sets the marker in OnAfterRender(firstRender) once the page is interactive.
    /// </summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#page-content[data-interactive='true']").WaitForAsync();

    /// <summary>
    /// Waits until the sign-in form is shown, as a person sees it. The URL alone is not waited for with
    /// WaitForURLAsync: that also waits for the document's load event, which a CPU-starved CI machine once held
    /// past the timeout after the sign-out redirect while the form was already there.
    /// </summary>
    public static async Task ExpectSignInPageAsync(this IPage page)
    {
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        await Assertions.Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
    }

    [System.Text.RegularExpressions.GeneratedRegex("/Account/Login")]
    private static partial System.Text.RegularExpressions.Regex SignInUrl();

    /// <summary>Opens a console page by URL, as a person typing it, and waits for it to be usable.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    public static ILocator Heading(this IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    public static ILocator Button(this IPage page, string name) =>
        page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Link(this IPage page, string name) =>
        page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>Opens the select labelled <paramref name="label"/> inside <paramref name="scope"/> and clicks the option, as a person does.</summary>
    public static async Task ChooseAsync(this IPage page, ILocator scope, string label, string option)
    {
        await scope.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }
}
