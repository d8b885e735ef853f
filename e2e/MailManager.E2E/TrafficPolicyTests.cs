using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

[Collection(BrowserCollection.Name)]
public sealed class TrafficPolicyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Create_edit_list_and_delete_a_traffic_policy()
    {
        var page = await browser.SignedInPageAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Traffic policies" }).First.ClickAsync();
        await page.Link("Create traffic policy").First.ClickAsync();
        await page.GetByLabel("Traffic policy name").FillAsync("x");
        await page.Button("Create traffic policy").ClickAsync();
        await Assertions.Expect(page.GetByText("The name must be 3 to 63 characters long.")).ToBeVisibleAsync();

        await page.GetByLabel("Traffic policy name").FillAsync("e2e-inbound-policy");
        await page.GetByLabel("Maximum message size (bytes)").FillAsync("1048576");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Allow" }).CheckAsync();
        await page.Button("Create traffic policy").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^tp-[a-z0-9]{26}$"));
        var policyId = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();
        await Assertions.Expect(page.GetByText("1,048,576 bytes")).ToBeVisibleAsync();

        await page.Link("Edit Traffic policy details").ClickAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Deny" }).CheckAsync();
        await page.Button("Save changes").ClickAsync();
        await Assertions.Expect(page.Heading(policyId)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".detail-item", new() { HasText = "Default action" })).ToContainTextAsync("Deny");

        await page.OpenAsync("traffic-policies");
        var row = page.GetByRole(AriaRole.Row, new() { Name = "e2e-inbound-policy" });
        await Assertions.Expect(row).ToContainTextAsync(policyId);
        await row.GetByRole(AriaRole.Radio).CheckAsync();
        await page.Button("Delete").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
