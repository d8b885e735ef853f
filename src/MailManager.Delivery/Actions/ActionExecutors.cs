using System.Collections.Frozen;
using MailManager.Core.RuleSets.Actions;

namespace MailManager.Delivery.Actions;

/// <summary>
/// The registered <see cref="IActionExecutor"/>s by kind. Built when the processor starts: a kind that runs outside
/// without exactly one executor stops the gateway there, with its name, rather than leaving such actions queued forever.
/// </summary>
public sealed class ActionExecutors
{
    private readonly FrozenDictionary<RuleActionType, IActionExecutor> _byType;

    public ActionExecutors(IEnumerable<IActionExecutor> executors)
    {
        var all = executors.ToList();
        var duplicate = all.GroupBy(e => e.Type).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Rule action {duplicate.Key} has {duplicate.Count()} executors registered ({string.Join(", ", duplicate.Select(e => e.GetType().Name))}); register one.");
        }
        var needed = RuleActionKinds.All.Where(k => k.RunsOutside).Select(k => k.Type).Append(RuleActionType.DeliveryStatusNotification);
        var missing = needed.Where(t => all.All(e => e.Type != t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"No {nameof(IActionExecutor)} is registered for rule action {string.Join(", ", missing)}: such actions could never run.");
        }
        _byType = all.ToFrozenDictionary(e => e.Type);
    }

    public IActionExecutor For(RuleActionType type) =>
        _byType.TryGetValue(type, out var executor) ? executor : throw new InvalidOperationException($"No executor runs {type} actions.");
}
