using System.Net;
using System.Text;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Conditions;
using MimeKit;

namespace MailManager.Data.Messages;

/// <summary>
/// Prepares what rule conditions look at (<see cref="MessageFacts"/>) from an accepted message's envelope and header
/// block, as a reader sees them: encoded words decoded (RFC 2047, and raw UTF-8 of RFC 6532), folded lines unfolded,
/// address headers as their addresses (groups flattened).
/// </summary>
public static class MessageFactsReader
{
    public static MessageFacts Read(ReceivedMessage message, string? headers)
    {
        var list = Parse(headers);
        var mime = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in list.Where(h => h.Field.StartsWith("X-", StringComparison.OrdinalIgnoreCase)).GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase))
        {
            mime[group.Key] = group.Select(h => h.Value.Trim()).ToList();
        }
        return new MessageFacts
        {
            MailFrom = message.MailFrom,
            Helo = message.HeloName,
            SourceIp = IPAddress.TryParse(message.SourceIp, out var ip) ? ip : IPAddress.None,
            Tls = message.TlsProtocol is not null,
            SizeBytes = message.SizeBytes,
            From = Addresses(list, HeaderId.From),
            Sender = Addresses(list, HeaderId.Sender),
            To = Addresses(list, HeaderId.To),
            Cc = Addresses(list, HeaderId.Cc),
            Subject = list[HeaderId.Subject]?.Trim(),
            MimeHeaders = mime,
            ReadReceiptRequested = list.Contains(HeaderId.DispositionNotificationTo),
        };
    }

    private static HeaderList Parse(string? headers)
    {
        if (string.IsNullOrEmpty(headers))
        {
            return [];
        }
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(headers + "\r\n\r\n"));
            return HeaderList.Load(stream);
        }
        catch (FormatException)
        {
            // A block MimeKit cannot read has no header facts: conditions on headers then do not hold.
            return [];
        }
    }

    private static IReadOnlyList<string> Addresses(HeaderList headers, HeaderId id)
    {
        var addresses = new List<string>();
        foreach (var header in headers.Where(h => h.Id == id))
        {
            if (InternetAddressList.TryParse(header.RawValue is { } raw ? Encoding.UTF8.GetString(raw) : header.Value, out var list))
            {
                addresses.AddRange(list.Mailboxes.Select(m => m.Address));
            }
        }
        return addresses;
    }
}
