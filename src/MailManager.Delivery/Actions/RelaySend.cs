using MailManager.Core.Messages;
using MailManager.Delivery.Relays;

namespace MailManager.Delivery.Actions;

/// <summary>Sends a message through one of the SMTP relays: what relay actions, bounces and notices share.</summary>
internal static class RelaySend
{
    public static async Task<IReadOnlyList<MessageProcessingOutcome>> SendAsync(
        RelayDeliverer deliverer, ActionRun run, string relayIdOrName, string mailFrom, IReadOnlyList<string> recipients,
        Func<Stream> openContent, CancellationToken ct)
    {
        var relay = await run.Lookups.RelayAsync(relayIdOrName);
        if (relay is null)
        {
            return [new(recipients, DeliveryOutcome.PermanentFailure, $"The SMTP relay {relayIdOrName} no longer exists")];
        }
        RelayCredentials? credentials = null;
        if (relay.SecretId is not null)
        {
            credentials = RelayCredentials.FromSecret(await run.Lookups.SecretValuesAsync(relay.SecretId));
            if (credentials is null)
            {
                // A configuration slip the administrator can fix within the retry lifetime, like a refused AUTH.
                return [new(recipients, DeliveryOutcome.TemporaryFailure,
                    $"The secret of SMTP relay {relay.RelayName} no longer holds a username and a password")];
            }
        }

        Stream content;
        try
        {
            content = openContent();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return [new(recipients, DeliveryOutcome.PermanentFailure, ActionRun.MissingFile)];
        }
        await using (content)
        {
            var request = new RelayDeliveryRequest(relay.ServerName, relay.ServerPort, credentials, mailFrom, recipients, content);
            return await deliverer.DeliverAsync(request, ct);
        }
    }
}
