using MailKit;
using MailKit.Net.Smtp;
using MimeKit;

namespace MailManager.Delivery.Relays;

/// <summary>
/// MailKit's client, changed in two ways for relaying: a refused recipient is noted instead of aborting the
/// transaction (the others are still delivered), and the message is never "prepared" (re-encoded): it goes as spooled.
/// </summary>
internal sealed class RelaySmtpClient(IProtocolLogger logger) : SmtpClient(logger)
{
    private readonly List<(string Address, SmtpResponse Response)> _refused = [];

    /// <summary>The recipients the server refused at RCPT TO in the last transaction, with its reply.</summary>
    public IReadOnlyList<(string Address, SmtpResponse Response)> Refused => _refused;

    /// <summary>Forgets the refusals of the previous transaction: a kept connection carries several messages.</summary>
    public void ClearRefused() => _refused.Clear();

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _refused.Add((mailbox.Address, response));

    // MailKit calls this when every RCPT was refused; there is nothing to send, so the transaction stops here.
    protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientsAcceptedException();

    protected override void Prepare(FormatOptions options, MimeMessage message, EncodingConstraint constraint, int maxLineLength)
    {
    }

    /// <summary>Ends a transaction in which every recipient was refused; <see cref="Refused"/> says why.</summary>
    internal sealed class NoRecipientsAcceptedException() : Exception("No recipients were accepted.");
}
