using MailManager.Core.Common;
using MailManager.Core.RuleSets;
using MailManager.Core.RuleSets.Actions;
using Microsoft.Extensions.Options;

namespace MailManager.Delivery.Actions;

/// <summary>Webhook URLs are checked when a rule set is saved as the publisher will judge them (https unless allowed).</summary>
public sealed class WebhookUrlCheck(IOptions<ActionOptions> options) : IRuleSetCheck
{
    public void Check(RuleSetDraft draft, ValidationErrors errors)
    {
        for (var i = 0; i < draft.Rules.Count; i++)
        {
            for (var j = 0; j < draft.Rules[i].Actions.Count; j++)
            {
                var field = RuleSetValidator.ActionField(i, j, RuleActionType.Webhook, nameof(WebhookAction.Url));
                // The model's own check speaks first; this one adds what the configuration refuses.
                if (draft.Rules[i].Actions[j].Webhook is { } webhook && !errors.For(field).Any()
                    && WebhookPublisher.CheckUrl(webhook.Url, options.Value.AllowInsecureWebhooks) is { } error)
                {
                    errors.Add(field, error);
                }
            }
        }
    }
}
