using MailManager.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;

namespace MailManager.Web.Components.Pages.RuleSets;

/// <summary>
/// The validation messages of fields a form cannot name with a <c>For</c> expression: one string of a list (a condition's
/// value, a rewrite's address) or a condition as a whole. They are looked up by the core's key, resolved exactly as
/// <see cref="CoreValidation{TModel}"/> stored them, so the message shows at the field it is about.
/// </summary>
internal static class FormMessages
{
    public static string? At(EditContext context, string key) =>
        context.GetValidationMessages(FieldPath.Resolve(context.Model, key)).FirstOrDefault();

    /// <summary>The messages about <paramref name="item"/> itself (a key such as <c>Rules[0].Conditions[1]</c>).</summary>
    public static string? About(EditContext context, object item) =>
        context.GetValidationMessages(new FieldIdentifier(item, "")).FirstOrDefault();
}
