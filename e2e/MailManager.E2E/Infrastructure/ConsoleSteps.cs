using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MailManager.E2E.Infrastructure;

/// <summary>Steps several browser tests take the same way an administrator does; each returns the new resource's ID.</summary>
public static class ConsoleSteps
{
    public static async Task<string> StoreSecretAsync(IPage page, string name, params (string Key, string Value)[] pairs)
    {
        await page.OpenAsync("secrets/create");
        await page.GetByLabel("Secret name").FillAsync(name);
        for (var i = 0; i < pairs.Length; i++)
        {
            if (i > 0)
            {
                await page.Button("Add key/value pair").ClickAsync();
            }
            await page.GetByLabel($"Key {i + 1}", new() { Exact = true }).FillAsync(pairs[i].Key);
            await page.GetByLabel($"Value {i + 1}", new() { Exact = true }).FillAsync(pairs[i].Value);
        }
        await page.Button("Store secret").ClickAsync();
        return await NewIdAsync(page, "sec");
    }

    public static async Task<string> CreateRelayAsync(IPage page, string name, int port, string secretName)
    {
        await page.OpenAsync("smtp-relays/create");
        await page.GetByLabel("Relay name").FillAsync(name);
        await page.GetByLabel("Server name").FillAsync("127.0.0.1");
        await page.GetByLabel("Port", new() { Exact = true }).FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Radio, new() { Name = "Use a secret" }).CheckAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Secret", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = secretName }).ClickAsync();
        await page.Button("Create SMTP relay").ClickAsync();
        return await NewIdAsync(page, "rl");
    }

    /// <summary>Waits for the detail page a create button leads to and reads the ID from its large heading.</summary>
    public static async Task<string> NewIdAsync(IPage page, string prefix)
    {
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Assertions.Expect(heading).ToHaveTextAsync(new Regex($"^{prefix}-[a-z0-9]{{26}}$"));
        return await heading.InnerTextAsync();
    }
}
