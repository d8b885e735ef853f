using System.Diagnostics.CodeAnalysis;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;
using MailManager.Data.Messages;

namespace MailManager.Delivery.Actions;

/// <summary>One attempt at a claimed action: the claim, the message's bytes and record, and the configuration it names.</summary>
public sealed class ActionRun(MessageProcessingDelivery delivery, MessageSpool spool, MessageProcessingStore store, ActionLookups lookups)
{
    public MessageProcessingDelivery Delivery { get; } = delivery;

    public RuleAction? Definition => Delivery.Definition;

    public ActionLookups Lookups { get; } = lookups;

    /// <summary>
    /// The message as the action sends or writes it: the headers earlier AddHeader actions added, then the spooled bytes
    /// unchanged. Seekable. Throws <see cref="FileNotFoundException"/> when the spool file is gone.
    /// </summary>
    public Stream OpenContent() => ActionContent.Open(spool.OpenRead(Delivery.MessageId), Delivery.AddedHeaders);

    /// <summary>The reply of an attempt whose message file is gone (a permanent failure: it will not come back).</summary>
    public const string MissingFile = "The message file is missing from the spool";

    /// <summary><see cref="OpenContent"/>, or false when the spool file is gone.</summary>
    public bool TryOpenContent([NotNullWhen(true)] out Stream? content)
    {
        try
        {
            content = OpenContent();
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            content = null;
            return false;
        }
    }

    /// <summary>The message's record: envelope, session facts and the header block kept at acceptance.</summary>
    public Task<ReceivedMessage?> LoadMessageAsync(CancellationToken ct) => store.GetMessageAsync(Delivery.MessageId, ct);
}
