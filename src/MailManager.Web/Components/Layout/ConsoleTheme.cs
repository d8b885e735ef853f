using MudBlazor;

namespace MailManager.Web.Components.Layout;

/// <summary>Colours close to the SES console's, so the screens feel familiar to its users.</summary>
internal static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#0972d3",
            Secondary = "#ec7211",
            AppbarBackground = "#232f3e",
            Background = "#f2f3f3",
            DrawerBackground = "#ffffff",
        },
    };
}
