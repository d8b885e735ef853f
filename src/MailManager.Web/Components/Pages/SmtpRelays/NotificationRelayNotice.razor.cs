using MailManager.Core.Relays;
using MailManager.Delivery.Notifications;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace MailManager.Web.Components.Pages.SmtpRelays;

public partial class NotificationRelayNotice
{
    public const string NotConfiguredText =
        "No notification relay is configured: senders are not told when mail they sent fails after it was accepted. "
        + "Set " + NotificationOptions.RelayKey + " to the name of an SMTP relay.";

    private NotificationRelay? _status;

    [Inject] private IOptions<NotificationOptions> Options { get; set; } = default!;

    /// <summary>The relays that exist; null while they load (nothing is shown until then).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<Relay>? Relays { get; set; }

    private string Sender => Options.Value.Sender;

    public static string NotFoundText(string configured) =>
        $"The notification relay '{configured}' ({NotificationOptions.RelayKey}) names no SMTP relay, so senders are not told "
        + "when mail they sent fails after it was accepted. Create an SMTP relay with that name, or set "
        + $"{NotificationOptions.RelayKey} to the name of an existing one.";

    protected override void OnParametersSet() =>
        _status = Relays is null ? null : NotificationRelay.Resolve(Options.Value.Relay, Relays);
}
