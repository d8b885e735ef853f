using System.Globalization;
using System.Text.RegularExpressions;
using MailManager.Core.Common;
using MailManager.Core.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.IngressEndpoints;

namespace MailManager.Web.Components.Pages.TrafficPolicies;

/// <summary>
/// What the create and edit pages bind to. A <see cref="PolicyCondition"/> is a union whose member changes with the
/// property chosen, which a form cannot bind to directly; this model holds every member's fields side by side (so
/// switching the property back keeps what was typed) and maps to and from SES's shape. Its lists have the draft's
/// positions, so a validation key of the core (<c>PolicyStatements[1].Conditions[0].Values[2]</c>) names the same
/// statement, condition and value here (see <see cref="ToFormErrors"/>).
/// </summary>
public sealed partial class TrafficPolicyForm
{
    public string Name { get; set; } = "";
    public AcceptAction DefaultAction { get; set; } = AcceptAction.Deny;
    public long? MaxMessageSizeBytes { get; set; }
    public List<PolicyStatementForm> PolicyStatements { get; set; } = [];

    public static TrafficPolicyForm From(TrafficPolicy policy) => new()
    {
        Name = policy.TrafficPolicyName,
        DefaultAction = policy.DefaultAction,
        MaxMessageSizeBytes = policy.MaxMessageSizeBytes,
        PolicyStatements = [.. policy.PolicyStatements.Select(PolicyStatementForm.From)],
    };

    /// <summary>The draft to save: its statements replace the policy's whole list, as SES's UpdateTrafficPolicy does.</summary>
    public TrafficPolicyDraft ToDraft() => new()
    {
        Name = Name,
        DefaultAction = DefaultAction,
        MaxMessageSizeBytes = MaxMessageSizeBytes,
        PolicyStatements = [.. PolicyStatements.Select(s => s.ToStatement())],
    };

    /// <summary>The core's rules on the draft, keyed for this form; an address list is known when it is one of <paramref name="addressLists"/>.</summary>
    public ValidationErrors Validate(IReadOnlyList<ReferenceOption> addressLists)
    {
        var draft = ToDraft();
        var errors = TrafficPolicyValidator.Validate(draft);
        foreach (var (field, messages) in PolicyStatementValidator.Validate(draft.PolicyStatements!, id => addressLists.Any(l => l.Id == id)).ByField)
        {
            messages.ForEach(message => errors.Add(field, message));
        }
        return ToFormErrors(errors);
    }

    /// <summary>
    /// Re-keys the core's (or a service's) errors to the form fields that show them: a value's error to its text
    /// field, a statement's to its conditions, and a condition's to the field it is about, which depends on the
    /// property chosen (the value list, the TLS version, the address list, or the property itself when none is).
    /// </summary>
    public ValidationErrors ToFormErrors(ValidationErrors errors)
    {
        var mapped = new ValidationErrors();
        foreach (var (field, messages) in errors.ByField)
        {
            var key = FormKey(field);
            messages.ForEach(message => mapped.Add(key, message));
        }
        return mapped;
    }

    private string FormKey(string field)
    {
        var match = StatementKey().Match(field);
        if (!match.Success)
        {
            return field;
        }
        var statement = Index(match, "statement");
        if (!match.Groups["condition"].Success)
        {
            return $"{field}.{nameof(PolicyStatementForm.Conditions)}";
        }
        if (match.Groups["value"].Success)
        {
            return $"{field}.{nameof(ConditionValue.Text)}";
        }
        var condition = Index(match, "condition");
        if (statement >= PolicyStatements.Count || condition >= PolicyStatements[statement].Conditions.Count)
        {
            return field;
        }
        return $"{field}.{PolicyStatements[statement].Conditions[condition].ErrorField}";
    }

    private static int Index(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^PolicyStatements\[(?<statement>\d+)\](\.Conditions\[(?<condition>\d+)\](\.Values\[(?<value>\d+)\])?)?$")]
    private static partial Regex StatementKey();
}

/// <summary>One policy statement in the form: its action and its conditions, all of which must hold.</summary>
public sealed class PolicyStatementForm
{
    public AcceptAction Action { get; set; }
    public List<PolicyConditionForm> Conditions { get; set; } = [];

    /// <summary>
    /// A new statement, with one condition to fill in (a statement needs at least one). Its action is the opposite of
    /// the policy's default action, the only one that changes a verdict: an Allow statement under an Allow default
    /// decides nothing the default would not.
    /// </summary>
    public static PolicyStatementForm New(AcceptAction defaultAction) => new()
    {
        Action = defaultAction == AcceptAction.Allow ? AcceptAction.Deny : AcceptAction.Allow,
        Conditions = [new PolicyConditionForm()],
    };

    public static PolicyStatementForm From(PolicyStatement statement) => new()
    {
        Action = statement.Action,
        Conditions = [.. statement.Conditions.Select(PolicyConditionForm.From)],
    };

    public PolicyStatement ToStatement() => new()
    {
        Action = Action,
        Conditions = [.. Conditions.Select(c => c.ToCondition())],
    };
}

/// <summary>The property a condition looks at, as the SES console lists them; each is one member of <see cref="PolicyCondition"/>.</summary>
public enum ConditionProperty
{
    RecipientAddress,
    SenderIpRange,
    SenderIpv6Range,
    TlsProtocolVersion,
    RecipientInAddressList,
}

/// <summary>
/// One condition in the form: property → operator → value(s). Only the fields of <see cref="Property"/> are saved;
/// the others stay while the form is open so that switching back restores them.
/// </summary>
public sealed class PolicyConditionForm
{
    /// <summary>Null until the user chooses one, as in the SES console; the core then asks for it.</summary>
    public ConditionProperty? Property { get; set; }
    public StringOperator StringOperator { get; set; } = StringOperator.Equals;
    public IpOperator IpOperator { get; set; } = IpOperator.CidrMatches;
    public TlsOperator TlsOperator { get; set; } = TlsOperator.MinimumTlsVersion;
    public BooleanOperator BooleanOperator { get; set; } = BooleanOperator.IsTrue;

    /// <summary>The values of a recipient address or sender IP range condition (any one of them may match).</summary>
    public List<ConditionValue> Values { get; set; } = [new()];

    public TlsVersion TlsVersion { get; set; } = TlsVersion.Tls1_2;
    public string? AddressListId { get; set; }

    /// <summary>Whether the chosen property takes a list of typed values.</summary>
    public bool HasValues => Property is ConditionProperty.RecipientAddress or ConditionProperty.SenderIpRange or ConditionProperty.SenderIpv6Range;

    /// <summary>The field where an error about the condition as a whole is shown.</summary>
    internal string ErrorField => Property switch
    {
        null => nameof(Property),
        ConditionProperty.TlsProtocolVersion => nameof(TlsVersion),
        ConditionProperty.RecipientInAddressList => nameof(AddressListId),
        _ => nameof(Values),
    };

    public static PolicyConditionForm From(PolicyCondition condition)
    {
        var form = new PolicyConditionForm();
        if (condition.MemberCount != 1)
        {
            // A stored condition is valid; should one not be, the form asks for its property again.
            return form;
        }
        if (condition.StringExpression is { } text)
        {
            form.Property = ConditionProperty.RecipientAddress;
            form.StringOperator = text.Operator;
            form.Values = ConditionValue.List(text.Values);
        }
        else if (condition.IpExpression is { } ipv4)
        {
            form.Property = ConditionProperty.SenderIpRange;
            form.IpOperator = ipv4.Operator;
            form.Values = ConditionValue.List(ipv4.Values);
        }
        else if (condition.Ipv6Expression is { } ipv6)
        {
            form.Property = ConditionProperty.SenderIpv6Range;
            form.IpOperator = ipv6.Operator;
            form.Values = ConditionValue.List(ipv6.Values);
        }
        else if (condition.TlsExpression is { } tls)
        {
            form.Property = ConditionProperty.TlsProtocolVersion;
            form.TlsOperator = tls.Operator;
            form.TlsVersion = tls.Value;
        }
        else if (condition.BooleanExpression is { } list)
        {
            form.Property = ConditionProperty.RecipientInAddressList;
            form.BooleanOperator = list.Operator;
            form.AddressListId = list.AddressListId;
        }
        return form;
    }

    /// <summary>
    /// SES's union with the one member of <see cref="Property"/> set, or none when no property is chosen. Every value
    /// row is kept (trimmed), blank ones too, so that the core's error for a blank value names that row.
    /// </summary>
    public PolicyCondition ToCondition() => Property switch
    {
        ConditionProperty.RecipientAddress => new() { StringExpression = new() { Operator = StringOperator, Values = TrimmedValues() } },
        ConditionProperty.SenderIpRange => new() { IpExpression = new() { Operator = IpOperator, Values = TrimmedValues() } },
        ConditionProperty.SenderIpv6Range => new() { Ipv6Expression = new() { Operator = IpOperator, Values = TrimmedValues() } },
        ConditionProperty.TlsProtocolVersion => new() { TlsExpression = new() { Operator = TlsOperator, Value = TlsVersion } },
        ConditionProperty.RecipientInAddressList => new() { BooleanExpression = new() { Operator = BooleanOperator, AddressListId = AddressListId ?? "" } },
        _ => new(),
    };

    private List<string> TrimmedValues() => [.. Values.Select(v => v.Text.Trim())];
}

/// <summary>One value row of a condition: an object of its own so that its error shows at its own field.</summary>
public sealed class ConditionValue
{
    public string Text { get; set; } = "";

    public static List<ConditionValue> List(IEnumerable<string> values)
    {
        List<ConditionValue> list = [.. values.Select(v => new ConditionValue { Text = v })];
        return list.Count == 0 ? [new()] : list;
    }
}
