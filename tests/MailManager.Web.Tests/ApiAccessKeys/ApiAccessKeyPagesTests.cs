using System.Collections.Concurrent;
using Bunit;
using MailManager.Data.Api;
using MailManager.Web.Components.Pages.ApiAccessKeys;
using MailManager.Web.Tests.Infrastructure;
using MailManager.Web.Tests.Secrets;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;

namespace MailManager.Web.Tests.ApiAccessKeys;

public sealed class ApiAccessKeyPagesTests : ConsoleTestContext
{
    private readonly CapturingLoggerProvider _logs = new();

    public ApiAccessKeyPagesTests()
    {
        Context.Services.AddSingleton<ILoggerProvider>(_logs);
        Context.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Trace));
    }

    private ApiAccessKeyService Keys => Service<ApiAccessKeyService>();

    private IRenderedComponent<ApiAccessKeyCreate> CreateThroughTheForm(string? description)
    {
        var page = Context.Render<ApiAccessKeyCreate>();
        if (description is not null)
        {
            page.FillIn("Description", description);
        }
        page.Find("form").Submit();
        return page;
    }

    [Fact]
    public async Task A_created_key_shows_its_secret_once_and_no_page_renders_it_again()
    {
        var page = CreateThroughTheForm("deploy scripts");

        page.WaitForAssertion(() => Assert.Contains("Retrieve access keys", page.Markup));
        var key = Assert.Single(await Keys.ListAsync());
        Assert.Equal("deploy scripts", key.Description);
        var secret = (await Keys.FindSecretAsync(key.AccessKeyId))!.Value.Secret;
        Assert.Equal(key.AccessKeyId, page.Find("code[aria-label='Access key ID']").TextContent);
        Assert.Equal(secret, page.Find("code[aria-label='Secret access key']").TextContent);
        Assert.Contains("This is the only time that the secret access key can be viewed or copied.", page.Markup);
        // Once on the page: the examples name the key's ID and leave the secret to the environment.
        Assert.Equal(2, page.Markup.Split(secret).Length);
        Assert.Contains($"const accessKeyId = \"{key.AccessKeyId}\";", page.Find("pre[aria-label='AWS SDK for JavaScript example']").TextContent);
        Assert.Contains("endpoint: \"http://localhost\"", page.Markup);
        Assert.Contains("aws mailmanager list-rule-sets --endpoint-url http://localhost", page.Find("pre[aria-label='AWS CLI example']").TextContent);

        page.Find("button[aria-label='Copy secret access key']").Click();
        Assert.Equal(secret, Context.JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);

        page.ClickButton("Done");
        Assert.EndsWith($"/api-access-keys/{key.AccessKeyId}", Service<NavigationManager>().Uri);

        var detail = Context.Render<ApiAccessKeyDetail>(p => p.Add(x => x.AccessKeyId, key.AccessKeyId));
        detail.WaitForAssertion(() => Assert.Contains("Access key details", detail.Markup));
        var list = Context.Render<ApiAccessKeyList>();
        list.WaitForAssertion(() => Assert.Contains(key.AccessKeyId, list.Markup));
        var form = Context.Render<ApiAccessKeyCreate>();
        foreach (var markup in new[] { detail.Markup, list.Markup, form.Markup })
        {
            Assert.DoesNotContain(secret, markup);
        }
        Assert.NotEmpty(_logs.Messages);
        Assert.DoesNotContain(_logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_description_over_250_characters_is_refused_at_its_field_and_no_key_is_created()
    {
        var page = CreateThroughTheForm(new string('d', 251));

        page.WaitForAssertion(() => Assert.Contains("The description must be at most 250 characters long.", page.FieldText("Description")));
        Assert.DoesNotContain("Retrieve access keys", page.Markup);
        Assert.Empty(await Keys.ListAsync());
    }

    [Fact]
    public async Task A_key_without_a_description_is_created_from_the_empty_form()
    {
        var page = CreateThroughTheForm(null);

        page.WaitForAssertion(() => Assert.Contains("Retrieve access keys", page.Markup));
        Assert.Null(Assert.Single(await Keys.ListAsync()).Description);
    }

    [Fact]
    public async Task The_list_shows_each_key_with_its_status_and_last_use_and_deactivates_and_activates_it()
    {
        var used = await Keys.CreateAsync("used");
        var unused = await Keys.CreateAsync(null);
        await Keys.RecordUseAsync(used.AccessKeyId);
        var page = Context.Render<ApiAccessKeyList>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        Assert.Equal(["Access key ID", "Description", "Status", "Created", "Last used", "Actions"], page.FindAll("thead th").Select(h => h.TextContent.Trim()));
        var unusedRow = Row(page, unused.AccessKeyId);
        Assert.Equal("-", unusedRow[1]);
        Assert.Equal("Active", unusedRow[2]);
        Assert.Equal("Never", unusedRow[4]);
        var usedRow = Row(page, used.AccessKeyId);
        Assert.Equal("used", usedRow[1]);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", usedRow[4]);

        page.Find($"button[aria-label='Deactivate {used.AccessKeyId}']").Click();
        page.WaitForAssertion(() => Assert.Equal("Inactive", Row(page, used.AccessKeyId)[2]));
        Assert.False((await Keys.GetAsync(used.AccessKeyId))!.Active);
        Assert.True((await Keys.GetAsync(unused.AccessKeyId))!.Active);

        page.Find($"button[aria-label='Activate {used.AccessKeyId}']").Click();
        page.WaitForAssertion(() => Assert.Equal("Active", Row(page, used.AccessKeyId)[2]));
        Assert.True((await Keys.GetAsync(used.AccessKeyId))!.Active);
    }

    [Fact]
    public async Task Delete_asks_to_type_the_access_key_id_first()
    {
        var kept = await Keys.CreateAsync("kept");
        var deleted = await Keys.CreateAsync("deleted");
        var dialogs = Context.Render<MudDialogProvider>();
        var page = Context.Render<ApiAccessKeyList>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count));

        page.Find($"button[aria-label='Delete {deleted.AccessKeyId}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains($"Delete access key {deleted.AccessKeyId}?", dialogs.Find(".mud-dialog").TextContent));
        Assert.True(DialogDelete(dialogs).HasAttribute("disabled"));
        dialogs.Find(".mud-dialog input").Input("confirm");
        Assert.True(DialogDelete(dialogs).HasAttribute("disabled"));
        dialogs.Find(".mud-dialog input").Input(deleted.AccessKeyId);
        dialogs.WaitForAssertion(() => Assert.False(DialogDelete(dialogs).HasAttribute("disabled")));
        DialogDelete(dialogs).Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        Assert.Null(await Keys.GetAsync(deleted.AccessKeyId));
        Assert.NotNull(await Keys.GetAsync(kept.AccessKeyId));
    }

    [Fact]
    public async Task The_key_page_lists_its_latest_50_changes_and_links_the_resources_it_knows()
    {
        var key = await Keys.CreateAsync("ci");
        var other = await Keys.CreateAsync("other");
        var records = Service<ApiRecords>();
        var relayId = "rl-" + new string('a', 26);
        var ruleSetId = "rs-" + new string('b', 26);
        for (var i = 0; i < 50; i++)
        {
            await records.RecordChangeAsync(key.AccessKeyId, "UpdateRuleSet", ruleSetId);
        }
        await records.RecordChangeAsync(key.AccessKeyId, "CreateAddressListImportJob", "job-" + new string('c', 26));
        await records.RecordChangeAsync(key.AccessKeyId, "CreateRelay", relayId);
        await records.RecordChangeAsync(other.AccessKeyId, "DeleteRelay", relayId);

        var page = Context.Render<ApiAccessKeyDetail>(p => p.Add(x => x.AccessKeyId, key.AccessKeyId));

        page.WaitForAssertion(() => Assert.Contains("Changes made with this key (50)", page.Markup));
        var rows = page.FindAll("section[aria-label='Changes made with this key'] tbody tr");
        Assert.Equal(50, rows.Count);
        Assert.Equal("CreateRelay", rows[0].Children[1].TextContent.Trim());
        Assert.Equal($"smtp-relays/{relayId}", rows[0].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("CreateAddressListImportJob", rows[1].Children[1].TextContent.Trim());
        Assert.Null(rows[1].QuerySelector("a"));
        Assert.Equal($"rule-sets/{ruleSetId}", rows[2].QuerySelector("a")!.GetAttribute("href"));
        Assert.DoesNotContain("DeleteRelay", page.Markup);
        Assert.Equal("Active", page.Find("section[aria-label='Access key details'] .mud-chip").TextContent.Trim());
        Assert.Contains("Never", page.Markup);
    }

    [Fact]
    public async Task A_key_deleted_from_its_page_leads_back_to_the_list()
    {
        var key = await Keys.CreateAsync(null);
        var dialogs = Context.Render<MudDialogProvider>();
        var page = Context.Render<ApiAccessKeyDetail>(p => p.Add(x => x.AccessKeyId, key.AccessKeyId));
        page.WaitForAssertion(() => Assert.Contains("Access key details", page.Markup));

        page.Find($"button[aria-label='Delete {key.AccessKeyId}']").Click();
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find(".mud-dialog input")));
        dialogs.Find(".mud-dialog input").Input(key.AccessKeyId);
        dialogs.WaitForAssertion(() => Assert.False(DialogDelete(dialogs).HasAttribute("disabled")));
        DialogDelete(dialogs).Click();

        page.WaitForAssertion(() => Assert.EndsWith("/api-access-keys", Service<NavigationManager>().Uri));
        Assert.Null(await Keys.GetAsync(key.AccessKeyId));
    }

    [Fact]
    public void An_unknown_key_says_that_it_does_not_exist()
    {
        var page = Context.Render<ApiAccessKeyDetail>(p => p.Add(x => x.AccessKeyId, "AKIAAAAAAAAAAAAAAAAA"));

        page.WaitForAssertion(() => Assert.Contains("This access key does not exist.", page.Markup));
    }

    private static string[] Row<T>(IRenderedComponent<T> page, string accessKeyId) where T : IComponent =>
        page.FindAll("tbody tr").Single(r => r.Children[0].TextContent.Trim() == accessKeyId)
            .Children.Select(c => c.TextContent.Trim()).ToArray();

    private static AngleSharp.Dom.IElement DialogDelete(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Delete");

    /// <summary>Every message logged while the test ran, at every level, to check that no secret reaches a log.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
