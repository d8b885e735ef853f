using System.Text.RegularExpressions;
using MailManager.E2E.Infrastructure;
using Microsoft.Playwright;

namespace MailManager.E2E;

/// <summary>An address list as an administrator builds it: create, add a member, bulk upload with a bad line, remove, delete.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AddressListTests(BrowserFixture browser) : IDisposable
{
    private readonly TemporaryFolder _files = new("mm-e2e-import-");

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Create_a_list_add_a_member_upload_a_csv_with_a_bad_line_remove_a_member_and_delete_it()
    {
        var page = await browser.SignedInPageAsync();
        var h1 = page.GetByRole(AriaRole.Heading, new() { Level = 1 });

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Mail Manager" }).GetByRole(AriaRole.Link, new() { Name = "Address lists" }).ClickAsync();
        await page.Link("Create address list").First.ClickAsync();
        await page.GetByLabel("Address list name").FillAsync("e2e recipients");
        await page.Button("Create address list").ClickAsync();
        await Assertions.Expect(page.GetByText("The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).")).ToBeVisibleAsync();
        await page.GetByLabel("Address list name").FillAsync("e2e-recipients");
        await page.Button("Create address list").ClickAsync();
        await Assertions.Expect(h1).ToHaveTextAsync(new Regex("^al-[a-z0-9]{26}$"));
        var listId = await h1.InnerTextAsync();

        // One member at a time; a bad one is refused at the field.
        var members = page.GetByRole(AriaRole.Table, new() { Name = "Members" });
        await page.GetByLabel("Email address").FillAsync("alice example.com");
        await page.Button("Add email address").ClickAsync();
        await Assertions.Expect(page.GetByText("'alice example.com' is not an email address or a domain.")).ToBeVisibleAsync();
        await page.GetByLabel("Email address").FillAsync("alice@example.com");
        await page.Button("Add email address").ClickAsync();
        await Assertions.Expect(members.GetByRole(AriaRole.Row, new() { Name = "alice@example.com" })).ToBeVisibleAsync();
        await page.GetByLabel("Email address").FillAsync("ALICE@example.com");
        await page.Button("Add email address").ClickAsync();
        await Assertions.Expect(page.GetByText("is already in this address list, as 'alice@example.com'")).ToBeVisibleAsync();

        // A CSV with a bad line: the good ones are added, the bad one listed with its line number and reason.
        var csv = Path.Combine(_files.Path, "directory.csv");
        await File.WriteAllTextAsync(csv, "address\nbob@example.com\nnot an address\nuser*@example.org\n");
        await page.GetByLabel("Import file (CSV or JSON)").SetInputFilesAsync(csv);
        await Assertions.Expect(page.GetByLabel("Import job name")).ToHaveValueAsync("directory");
        await page.Button("Start import").ClickAsync();
        var job = page.GetByRole(AriaRole.Region, new() { Name = "Import jobs" }).Locator("tbody tr", new() { HasText = "directory" });
        await Assertions.Expect(job).ToContainTextAsync("Completed", new() { Timeout = 30_000 });
        await Assertions.Expect(job.Locator("td")).ToHaveTextAsync(new Regex[] { new("directory"), new("Completed"), new("^CSV$"), new("^2$"), new("^1$"), new("UTC"), new("UTC"), new("Failed lines") });
        var failed = page.GetByRole(AriaRole.Region, new() { Name = "Failed lines of directory" });
        await Assertions.Expect(failed.GetByRole(AriaRole.Row, new() { Name = "3 'not an address' is not an email address or a domain." })).ToBeVisibleAsync();
        await Assertions.Expect(members.GetByRole(AriaRole.Row, new() { Name = "bob@example.com" })).ToBeVisibleAsync();
        await Assertions.Expect(members.GetByRole(AriaRole.Row, new() { Name = "user*@example.org" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members (3)" })).ToBeVisibleAsync();

        // Prefix search, then remove the selected member.
        await page.GetByLabel("Search by address prefix").FillAsync("BO");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members (1)" })).ToBeVisibleAsync();
        await page.GetByLabel("Search by address prefix").FillAsync("");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members (3)" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Select alice@example.com" }).CheckAsync();
        await page.Button("Remove email address").ClickAsync();
        await Assertions.Expect(page.GetByText("1 email address removed.")).ToBeVisibleAsync();
        await Assertions.Expect(members.GetByRole(AriaRole.Row, new() { Name = "alice@example.com" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Members (2)" })).ToBeVisibleAsync();

        // Delete from the list page, typing "confirm" as the SES console asks.
        await page.OpenAsync("address-lists");
        var row = page.GetByRole(AriaRole.Row, new() { Name = "e2e-recipients" });
        await Assertions.Expect(row).ToContainTextAsync(listId);
        await row.GetByRole(AriaRole.Radio).CheckAsync();
        await page.Button("Delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        var delete = dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" });
        await Assertions.Expect(delete).ToBeDisabledAsync();
        await dialog.GetByLabel("To confirm, type confirm").FillAsync("confirm");
        await delete.ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
