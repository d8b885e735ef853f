using MailManager.Core.Relays;

namespace MailManager.Delivery.Notifications;

/// <summary>Where the configured notification relay stands against the relays that exist.</summary>
public enum NotificationRelayState
{
    /// <summary><c>MailManager:Notifications:Relay</c> is empty: senders are not told about mail that fails after acceptance.</summary>
    NotConfigured,

    /// <summary>It names no existing relay (deleted, renamed, or mistyped): notifications cannot be sent.</summary>
    NotFound,

    /// <summary>It names an existing relay.</summary>
    Configured,
}

/// <summary>The configured notification relay, resolved.</summary>
/// <param name="Configured">The configured value (a relay's name or ID), trimmed; empty when none.</param>
/// <param name="Relay">The relay it names, when <see cref="State"/> is <see cref="NotificationRelayState.Configured"/>.</param>
public sealed record NotificationRelay(NotificationRelayState State, string Configured, Relay? Relay)
{
    /// <summary>
    /// The relay <paramref name="configured"/> names: by ID first, then by name (both exact; relay names are
    /// unique). The same lookup serves the console's notice and the sending of notifications, so the two agree.
    /// </summary>
    public static NotificationRelay Resolve(string? configured, IEnumerable<Relay> relays)
    {
        var value = configured?.Trim() ?? "";
        if (value.Length == 0)
        {
            return new NotificationRelay(NotificationRelayState.NotConfigured, "", null);
        }
        var list = relays as IReadOnlyCollection<Relay> ?? relays.ToList();
        var relay = list.FirstOrDefault(r => r.RelayId == value) ?? list.FirstOrDefault(r => r.RelayName == value);
        return relay is null
            ? new NotificationRelay(NotificationRelayState.NotFound, value, null)
            : new NotificationRelay(NotificationRelayState.Configured, value, relay);
    }
}
