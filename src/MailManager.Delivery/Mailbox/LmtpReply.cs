using MailManager.Core.Messages;
using MailManager.Delivery.Relays;

namespace MailManager.Delivery.Mailbox;

/// <summary>One reply of an LMTP server: its code and the text of each line (a multi-line reply has several).</summary>
internal sealed record LmtpReply(int Code, IReadOnlyList<string> Lines)
{
    public bool IsPositive => Code is >= 200 and < 300;

    /// <summary>As the message log shows replies: <c>550 5.1.1 &lt;bob@example.com&gt; User doesn't exist</c>, on one line.</summary>
    public string Text => RelayFailure.Reply(Code, string.Join(' ', Lines)).TrimEnd();

    /// <summary>2xx delivered, 5xx failed for good; anything else (4xx, or a code out of place) may clear up.</summary>
    public DeliveryOutcome Outcome => Code switch
    {
        >= 200 and < 300 => DeliveryOutcome.Delivered,
        >= 500 and < 600 => DeliveryOutcome.PermanentFailure,
        _ => DeliveryOutcome.TemporaryFailure,
    };

    /// <summary>The service extensions an LHLO reply names (RFC 5321 §4.1.1.1: the first word of each line after the first), upper case.</summary>
    public IReadOnlySet<string> Extensions()
    {
        var keywords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in Lines.Skip(1))
        {
            var space = line.IndexOf(' ');
            var keyword = space < 0 ? line : line[..space];
            if (keyword.Length > 0)
            {
                keywords.Add(keyword.ToUpperInvariant());
            }
        }
        return keywords;
    }
}
