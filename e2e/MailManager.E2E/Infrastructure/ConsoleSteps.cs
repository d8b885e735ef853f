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

    /// <summary>A traffic policy that allows every recipient (no statements, Allow by default).</summary>
    public static async Task<string> CreateAllowAllPolicyAsync(IPage page, string name)
    {
        await page.OpenAsync("traffic-policies/create");
        await page.GetByLabel("Traffic policy name").FillAsync(name);
        await page.GetByRole(AriaRole.Radiogroup, new() { Name = "Default action" }).GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        await page.Button("Create traffic policy").ClickAsync();
        return await NewIdAsync(page, "tp");
    }

    /// <summary>A rule set with a name and no rules: accepted mail is kept in the message log and goes nowhere.</summary>
    public static async Task<string> CreateEmptyRuleSetAsync(IPage page, string name)
    {
        await page.OpenAsync("rule-sets/create");
        await page.GetByLabel("Rule set name").FillAsync(name);
        await page.Button("Create rule set").ClickAsync();
        return await NewIdAsync(page, "rs");
    }

    /// <summary>An Open endpoint on 127.0.0.1:<paramref name="port"/> with the named policy and rule set, waited for until Active.</summary>
    public static async Task<string> CreateOpenEndpointAsync(IPage page, string name, string trafficPolicyName, string ruleSetName, int port)
    {
        await page.OpenAsync("ingress-endpoints/create");
        await page.GetByLabel("Ingress endpoint name").FillAsync(name);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Open" }).CheckAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Traffic policy" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = trafficPolicyName }).ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Rule set" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = ruleSetName }).ClickAsync();
        await page.GetByLabel("Bind address").FillAsync("127.0.0.1");
        await page.GetByLabel("Port 1", new() { Exact = true }).FillAsync(port.ToString(CultureInfo.InvariantCulture));
        await page.Button("Create ingress endpoint").ClickAsync();
        var id = await NewIdAsync(page, "inp");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "General details" }).Locator(".detail-item", new() { HasText = "Status" }))
            .ToContainTextAsync("Active", new() { Timeout = 30_000 });
        return id;
    }

    /// <summary>Waits for the detail page a create button leads to and reads the ID from its large heading.</summary>
    public static async Task<string> NewIdAsync(IPage page, string prefix)
    {
        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        await Assertions.Expect(heading).ToHaveTextAsync(new Regex($"^{prefix}-[a-z0-9]{{26}}$"));
        return await heading.InnerTextAsync();
    }
}
