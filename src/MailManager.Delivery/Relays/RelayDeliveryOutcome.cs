using MailManager.Core.Messages;

namespace MailManager.Delivery.Relays;

/// <summary>How a delivery attempt ended for some recipients, with the server's reply or the error.</summary>
public sealed record RelayDeliveryOutcome(IReadOnlyList<string> Recipients, DeliveryOutcome Outcome, string Reply);
