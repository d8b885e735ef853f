using System.Collections.Frozen;
using System.Reflection;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// Every <see cref="RuleActionKind"/>, found once in this assembly. A <see cref="RuleActionType"/> without a kind
/// (other than the gateway's own notices) is a programming error and fails on first use, so at start-up.
/// </summary>
public static class RuleActionKinds
{
    private static readonly RuleActionKind[] Kinds = typeof(RuleActionKind).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(RuleActionKind)))
        .Select(t => (RuleActionKind)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(k => k.Type)
        .ToArray();

    private static readonly FrozenDictionary<RuleActionType, RuleActionKind> ByType = Build();

    /// <summary>The rule actions, in the order of <see cref="RuleActionType"/>.</summary>
    public static IReadOnlyList<RuleActionKind> All => Kinds;

    public static RuleActionKind For(RuleActionType type) =>
        ByType.TryGetValue(type, out var kind) ? kind : throw new InvalidOperationException($"{type} is not a rule action.");

    /// <summary>Whether <paramref name="type"/> is a rule action (and not the gateway's own, such as its failure notices).</summary>
    public static bool IsRuleAction(RuleActionType type) => ByType.ContainsKey(type);

    /// <summary>The kind of the one member set on <paramref name="action"/>; null when none or several are.</summary>
    public static RuleActionKind? Of(RuleAction action)
    {
        RuleActionKind? found = null;
        foreach (var kind in Kinds)
        {
            if (kind.IsSetOn(action))
            {
                if (found is not null)
                {
                    return null;
                }
                found = kind;
            }
        }
        return found;
    }

    private static FrozenDictionary<RuleActionType, RuleActionKind> Build()
    {
        var duplicate = Kinds.GroupBy(k => k.Type).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Rule action {duplicate.Key} has {duplicate.Count()} kinds.");
        }
        var missing = Enum.GetValues<RuleActionType>()
            .Where(t => t != RuleActionType.DeliveryStatusNotification && Kinds.All(k => k.Type != t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Rule action {string.Join(", ", missing)} has no {nameof(RuleActionKind)}.");
        }
        // Every union member must belong to a kind, or an action of it could be saved and mean nothing.
        var members = typeof(RuleAction).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        if (members.Count != Kinds.Length)
        {
            throw new InvalidOperationException($"{nameof(RuleAction)} has {members.Count} members but {Kinds.Length} kinds.");
        }
        return Kinds.ToFrozenDictionary(k => k.Type);
    }
}
