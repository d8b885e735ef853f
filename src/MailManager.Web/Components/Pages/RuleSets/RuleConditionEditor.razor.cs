using MailManager.Core.Conditions;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Conditions;
using MailManager.Core.TrafficPolicies;
using MailManager.Web.Components.Pages.IngressEndpoints;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

public partial class RuleConditionEditor
{
    private static readonly RuleConditionProperty?[] Properties = [.. Enum.GetValues<RuleConditionProperty>().Select(p => (RuleConditionProperty?)p)];

    // The members of the union as they were last, so switching the property back restores what was typed.
    private RuleStringExpression? _keptString;
    private RuleNumberExpression? _keptNumber;
    private RuleIpExpression? _keptIp;
    private RuleBooleanExpression? _keptBoolean;
    private string _keptHeader = "";
    private RuleIsInAddressList? _keptList;

    [Parameter, EditorRequired] public RuleCondition Condition { get; set; } = default!;
    [Parameter, EditorRequired] public int RuleIndex { get; set; }

    /// <summary>Whether this is one of the rule's exceptions (SES <c>Unless</c>) rather than one of its conditions.</summary>
    [Parameter, EditorRequired] public bool Exception { get; set; }
    [Parameter, EditorRequired] public int Index { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<ReferenceOption> AddressLists { get; set; } = [];
    [Parameter, EditorRequired] public EventCallback OnRemove { get; set; }

    private string GroupName => RuleSetLabels.ConditionGroup(RuleIndex, Exception, Index);

    /// <summary>The core's key of this condition, e.g. <c>Rules[0].Unless[1]</c>.</summary>
    private string Key => $"{RuleSetValidator.Rule(RuleIndex)}.{(Exception ? nameof(Rule.Unless) : nameof(Rule.Conditions))}[{Index}]";

    private RuleConditionProperty? Property => RuleConditionProperties.Of(Condition);

    // The core keys messages about the condition as a whole by the condition; each shows at the field it is about.
    private string? ConditionError => Property is null ? null : FormMessages.About(EditContext, Condition);

    private string? PropertyError => Property is null ? FormMessages.About(EditContext, Condition) : null;

    private string ValueHelp => Property switch
    {
        RuleConditionProperty.Subject => "Compared with the decoded subject. Any one of the values may match.",
        RuleConditionProperty.MimeHeader => "Compared with the decoded header value. Any one of the values may match.",
        RuleConditionProperty.Helo => "The name the client gave in HELO or EHLO. Any one of the values may match.",
        _ => "Compared with the address, without the display name. Any one of the values may match.",
    };

    private string Field(string field) => RuleSetLabels.ConditionField(RuleIndex, Exception, Index, field);

    private string AddressListName(string? id) => AddressLists.FirstOrDefault(l => l.Id == id)?.Name ?? id ?? "";

    private static string PropertyText(RuleConditionProperty? property) => property is { } p ? RuleConditionText.Property(p) : "";

    private void SetHeader(string? header)
    {
        Condition.StringExpression!.Evaluate.MimeHeaderAttribute = header ?? "";
        Changed();
    }

    /// <summary>Sets the union member of <paramref name="property"/> and clears the others, keeping them for a switch back.</summary>
    private void ChangeProperty(RuleConditionProperty? property)
    {
        if (property is not { } chosen || chosen == Property)
        {
            return;
        }
        Keep();
        var condition = Condition;
        condition.StringExpression = null;
        condition.NumberExpression = null;
        condition.IpExpression = null;
        condition.BooleanExpression = null;

        if (RuleConditionProperties.StringAttribute(chosen) is { } attribute)
        {
            condition.StringExpression = StringExpression(new RuleStringToEvaluate { Attribute = attribute });
        }
        else if (chosen == RuleConditionProperty.MimeHeader)
        {
            condition.StringExpression = StringExpression(new RuleStringToEvaluate { MimeHeaderAttribute = _keptHeader });
        }
        else if (chosen == RuleConditionProperty.MessageSize)
        {
            condition.NumberExpression = _keptNumber ?? new RuleNumberExpression { Operator = RuleNumberOperator.GreaterThan };
        }
        else if (chosen == RuleConditionProperty.IpRange)
        {
            condition.IpExpression = _keptIp ?? new RuleIpExpression { Operator = IpOperator.CidrMatches, Values = [""] };
        }
        else
        {
            var flag = _keptBoolean ?? new RuleBooleanExpression { Operator = BooleanOperator.IsTrue };
            flag.Evaluate = RuleConditionProperties.BooleanAttribute(chosen) is { } flagAttribute
                ? new RuleBooleanToEvaluate { Attribute = flagAttribute }
                : new RuleBooleanToEvaluate { IsInAddressList = _keptList ?? new RuleIsInAddressList { Attribute = RuleAddressListEmailAttribute.Recipient } };
            condition.BooleanExpression = flag;
        }
        Changed();
    }

    // A string property keeps the operator and values typed for another string property, as one expression.
    private RuleStringExpression StringExpression(RuleStringToEvaluate evaluate)
    {
        var expression = _keptString ?? new RuleStringExpression { Operator = StringOperator.Equals, Values = [""] };
        expression.Evaluate = evaluate;
        return expression;
    }

    private void Keep()
    {
        _keptString = Condition.StringExpression ?? _keptString;
        _keptNumber = Condition.NumberExpression ?? _keptNumber;
        _keptIp = Condition.IpExpression ?? _keptIp;
        _keptBoolean = Condition.BooleanExpression ?? _keptBoolean;
        _keptHeader = Condition.StringExpression?.Evaluate.MimeHeaderAttribute ?? _keptHeader;
        _keptList = Condition.BooleanExpression?.Evaluate.IsInAddressList ?? _keptList;
    }

    // After the first submit, messages follow the edits.
    private void Changed() => EditContext.NotifyFieldChanged(new FieldIdentifier(Condition, ""));
}
