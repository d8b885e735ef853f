using System.Collections.Concurrent;
using MailManager.Core.Messages;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Data.Messages;

/// <summary>
/// Relay delivery's free slots, and the actions handed to it straight from acceptance. While delivery has a free slot
/// and nothing older waits in the queue, <see cref="MessageCommitQueue"/> marks a new message's relay actions
/// InProgress in the acceptance transaction itself and hands them over here: under load that spares a claim
/// transaction per round, which took the write lock between acceptance commits. Nothing changes for durability:
/// the rows are committed before the 250 as before, and a process that stops with handed actions not yet attempted
/// finds them InProgress and queues them again at start (<see cref="MessageProcessingStore.ResumeInterruptedAsync"/>).
/// <para>It also keeps whether the queue in the database has changed since the last claim (Pending actions nobody has
/// claimed, a retry scheduled), so delivery reads the queue only when that can find something or a retry falls due.</para>
/// </summary>
public sealed class DeliveryHandoff
{
    private readonly ConcurrentQueue<MessageProcessingDelivery> _handed = new();
    private readonly Lock _lock = new();
    // Free delivery slots; zero while delivery is not running, so nothing is handed over before it has queued
    // again what a stopped process left InProgress.
    private int _free;
    // Incremented whenever a Pending action may have been written; the claim records the value it cleared.
    private long _queuedVersion = 1;
    private long _clearedVersion;

    /// <summary>Delivery is running with this many slots; called once its start-up has queued interrupted actions again.</summary>
    public void Open(int slots)
    {
        lock (_lock)
        {
            _free = slots;
        }
    }

    /// <summary>Delivery has stopped: nothing more is handed over.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _free = int.MinValue / 2;
        }
    }

    /// <summary>Takes up to <paramref name="wanted"/> free slots; returns how many it got.</summary>
    public int Take(int wanted)
    {
        lock (_lock)
        {
            var taken = Math.Clamp(_free, 0, wanted);
            _free -= taken;
            return taken;
        }
    }

    /// <summary>Gives slots back: a delivery finished, or a claim found fewer actions than it had slots.</summary>
    public void Return(int slots)
    {
        lock (_lock)
        {
            _free += slots;
        }
    }

    /// <summary>The next handed-over action; its slot is already taken.</summary>
    public bool TryNext(out MessageProcessingDelivery delivery) => _handed.TryDequeue(out delivery!);

    /// <summary>Whether the queue may hold Pending actions, or Retrying ones with a new time, that no claim has seen.</summary>
    public bool MayHaveQueued => Interlocked.Read(ref _queuedVersion) != Interlocked.Read(ref _clearedVersion);

    /// <summary>Pending actions may have been written, or a retry scheduled: the next delivery round reads the queue.</summary>
    internal void MarkQueued() => Interlocked.Increment(ref _queuedVersion);

    /// <summary>Read before a claim's query; pass it to <see cref="ClearQueued"/> when the claim found fewer than it asked for.</summary>
    internal long QueuedVersion => Interlocked.Read(ref _queuedVersion);

    internal void ClearQueued(long version) => Interlocked.Exchange(ref _clearedVersion, version);

    /// <summary>
    /// Marks InProgress as many of the messages' Pending actions as there are free slots, oldest message first, while
    /// nothing waits in the queue before them; their messages become Delivering, as a claim makes them. Called before
    /// the messages are inserted; <see cref="Handed.Commit"/> or <see cref="Handed.Undo"/> after.
    /// </summary>
    internal Handed Claim(IReadOnlyList<ReceivedMessage> messages)
    {
        var pending = 0;
        foreach (var message in messages)
        {
            foreach (var action in message.Actions)
            {
                if (action.Status == MessageActionStatus.Pending)
                {
                    pending++;
                }
            }
        }
        var slots = pending == 0 || MayHaveQueued ? 0 : Take(pending);
        var claimed = new List<(ReceivedMessage, MessageAction)>(slots);
        var delivering = new List<(ReceivedMessage, MessageStatus)>();
        foreach (var message in messages)
        {
            var before = message.Status;
            foreach (var action in message.Actions)
            {
                if (claimed.Count == slots)
                {
                    break;
                }
                if (action.Status != MessageActionStatus.Pending)
                {
                    continue;
                }
                action.Status = MessageActionStatus.InProgress;
                claimed.Add((message, action));
                // The gateway's notices to senders do not change where a message stands (see MessageProcessingStatus).
                if (action.Type != RuleActionType.DeliveryStatusNotification)
                {
                    message.Status = MessageStatus.Delivering;
                }
            }
            if (message.Status != before)
            {
                delivering.Add((message, before));
            }
        }
        return new Handed(this, claimed, delivering, slots < pending);
    }

    /// <summary>Actions marked InProgress for one acceptance transaction.</summary>
    internal sealed class Handed(
        DeliveryHandoff handoff, List<(ReceivedMessage Message, MessageAction Action)> claimed,
        List<(ReceivedMessage Message, MessageStatus Before)> delivering, bool leftQueued)
    {
        /// <summary>The rows are committed (the actions have their ids): hand the actions to delivery.</summary>
        public void Commit()
        {
            if (leftQueued)
            {
                handoff.MarkQueued();
            }
            foreach (var (message, action) in claimed)
            {
                handoff._handed.Enqueue(new MessageProcessingDelivery(
                    ActionId: action.Id,
                    MessageId: message.MessageId,
                    Type: action.Type,
                    Definition: action.Definition,
                    EnvelopeFrom: message.MailFrom,
                    Recipients: action.Recipients,
                    AddedHeaders: action.AddedHeaders,
                    AttemptNumber: action.AttemptCount + 1,
                    ExpiresTimestamp: action.ExpiresTimestamp,
                    RuleIndex: action.RuleIndex,
                    RuleName: action.RuleName,
                    ActionIndex: action.ActionIndex,
                    Origins: action.Origins));
            }
        }

        /// <summary>The transaction failed: the actions are Pending again and their slots free.</summary>
        public void Undo()
        {
            foreach (var (_, action) in claimed)
            {
                action.Status = MessageActionStatus.Pending;
            }
            foreach (var (message, before) in delivering)
            {
                message.Status = before;
            }
            handoff.Return(claimed.Count);
        }
    }
}
