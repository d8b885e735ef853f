using MailManager.Core.Common;

namespace MailManager.Core.RuleSets.Actions;

/// <summary>
/// What one member of the <see cref="RuleAction"/> union means: how it is checked, what it does to the message's plan,
/// and whether it runs outside (then an executor for it must be registered, or the gateway does not start).
/// A new action is a member on <see cref="RuleAction"/>, a <see cref="RuleActionType"/> name and one subclass of
/// <see cref="RuleActionKind{TMember}"/>; <see cref="RuleActionKinds"/> finds the subclass.
/// </summary>
public abstract class RuleActionKind
{
    public abstract RuleActionType Type { get; }

    /// <summary>SES's rule-set log <c>action_name</c>, e.g. <c>RELAY</c>.</summary>
    public abstract string LogName { get; }

    /// <summary>Whether it is carried out later, outside the planner (relay, LMTP, folder, webhook, bounce): at least once, retried.</summary>
    public virtual bool RunsOutside => false;

    /// <summary>Whether carrying it out delivers its recipients (SES: Relay, Deliver*, WriteToS3 and the like).</summary>
    public virtual bool Delivers => false;

    /// <summary>Whether it takes a recipient out of later actions and rules once it has run (Drop, Bounce).</summary>
    public virtual bool Finishes => false;

    public abstract bool IsSetOn(RuleAction action);

    public virtual ActionFailurePolicy FailurePolicy(RuleAction action) => ActionFailurePolicy.Continue;

    /// <summary>The SMTP relays the action sends through, for "in use" checks.</summary>
    public virtual IEnumerable<string> RelayIds(RuleAction action) => [];

    /// <summary>The secrets the action reads.</summary>
    public virtual IEnumerable<string> SecretIds(RuleAction action) => [];

    /// <summary>How long it is retried, when it is not the gateway's retry lifetime.</summary>
    public virtual TimeSpan? RetryLifetime(RuleAction action) => null;

    /// <summary>What the action does to the plan of the recipients its rule matched.</summary>
    public abstract void Plan(RuleAction action, ActionPlanning planning);

    /// <param name="field">The key of the action's union member, e.g. <c>Rules[0].Actions[1].Relay</c>; a field's key adds <c>.{Property}</c>.</param>
    public abstract void Validate(RuleAction action, string field, ValidationErrors errors);

    /// <summary>The stored form: values trimmed, so what is saved is what was judged.</summary>
    public virtual void Normalize(RuleAction action)
    {
    }
}

/// <summary>A <see cref="RuleActionKind"/> over its union member's type.</summary>
public abstract class RuleActionKind<TMember> : RuleActionKind where TMember : class
{
    public abstract TMember? Member(RuleAction action);

    public sealed override bool IsSetOn(RuleAction action) => Member(action) is not null;

    public sealed override void Validate(RuleAction action, string field, ValidationErrors errors) =>
        Validate(Member(action) ?? throw new ArgumentException($"Not a {Type} action.", nameof(action)), field, errors);

    public sealed override void Normalize(RuleAction action)
    {
        if (Member(action) is { } member)
        {
            Normalize(member);
        }
    }

    protected virtual void Validate(TMember member, string field, ValidationErrors errors)
    {
    }

    protected virtual void Normalize(TMember member)
    {
    }
}
