using Bunit;
using MailManager.Core.Relays;
using MailManager.Data.Relays;
using MailManager.Delivery.Notifications;
using MailManager.Web.Components.Pages.SmtpRelays;
using MailManager.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailManager.Web.Tests.SmtpRelays;

/// <summary>The SMTP relays page says whether senders are told about mail that fails after it was accepted.</summary>
public sealed class SmtpRelayListNotificationTests : ConsoleTestContext
{
    // Read when the page first asks for the options, so each test sets its keys before rendering.
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["MailManager:Smtp:ServerName"] = "gw.example.com" })
        .Build();

    public SmtpRelayListNotificationTests()
    {
        Context.Services.AddSingleton<IConfiguration>(_configuration);
        Context.Services.AddMailManagerNotifications();
    }

    private async Task<string> CreateRelayAsync(string name)
    {
        var result = await Service<RelayService>().CreateAsync(new RelayDraft { Name = name, ServerName = "smtp.example.com", ServerPort = 587 });
        return result.Id!;
    }

    private IRenderedComponent<SmtpRelayList> RenderList()
    {
        var page = Context.Render<SmtpRelayList>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[aria-label='Notification relay']")));
        return page;
    }

    [Fact]
    public async Task Without_a_notification_relay_a_warning_says_senders_are_not_told()
    {
        await CreateRelayAsync("office");

        var page = RenderList();

        var notice = page.Find("[aria-label='Notification relay']");
        Assert.Contains("mud-alert-text-warning", notice.ClassName, StringComparison.Ordinal);
        Assert.Equal(
            "No notification relay is configured: senders are not told when mail they sent fails after it was accepted. "
            + "Set MailManager:Notifications:Relay to the name of an SMTP relay.",
            notice.TextContent.Trim());
    }

    [Fact]
    public async Task A_notification_relay_that_names_no_relay_is_an_error()
    {
        await CreateRelayAsync("office");
        _configuration[NotificationOptions.RelayKey] = "bounces";

        var page = RenderList();

        var notice = page.Find("[aria-label='Notification relay']");
        Assert.Contains("mud-alert-text-error", notice.ClassName, StringComparison.Ordinal);
        Assert.Contains("The notification relay 'bounces' (MailManager:Notifications:Relay) names no SMTP relay", notice.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("No notification relay is configured", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_configured_notification_relay_is_named_with_a_link_by_name_or_id(bool byId)
    {
        await CreateRelayAsync("office");
        var relayId = await CreateRelayAsync("bounces");
        _configuration[NotificationOptions.RelayKey] = byId ? relayId : "bounces";

        var page = RenderList();

        var notice = page.Find("[aria-label='Notification relay']");
        Assert.Empty(page.FindAll(".mud-alert"));
        Assert.Contains("go through the SMTP relay", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains("from MAILER-DAEMON@gw.example.com.", notice.TextContent, StringComparison.Ordinal);
        var link = notice.QuerySelector("a");
        Assert.NotNull(link);
        Assert.Equal("bounces", link.TextContent.Trim());
        Assert.Equal($"smtp-relays/{relayId}", link.GetAttribute("href"));
    }

    [Fact]
    public async Task Deleting_the_notification_relay_turns_the_line_into_an_error()
    {
        var relayId = await CreateRelayAsync("bounces");
        _configuration[NotificationOptions.RelayKey] = "bounces";
        var page = RenderList();
        Assert.Empty(page.FindAll(".mud-alert"));

        await Service<RelayService>().DeleteAsync(relayId);
        page.Find("button[aria-label='Refresh']").Click();

        page.WaitForAssertion(() => Assert.Contains("mud-alert-text-error", page.Find("[aria-label='Notification relay']").ClassName, StringComparison.Ordinal));
    }
}
