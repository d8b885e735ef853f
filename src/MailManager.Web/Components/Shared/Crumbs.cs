using MudBlazor;

namespace MailManager.Web.Components.Shared;

/// <summary>Breadcrumb trails: "Mail Manager › section › page", the SES console's form.</summary>
public static class Crumbs
{
    public static List<BreadcrumbItem> For(params (string Text, string? Href)[] items) =>
        [new("Mail Manager", href: ""), .. items.Select(i => new BreadcrumbItem(i.Text, href: i.Href, disabled: i.Href is null))];
}
