using MailManager.Core.Common;

namespace MailManager.Data.Common;

/// <summary>The outcome of a create or update: the resource ID, or the field errors that stopped it (nothing was saved).</summary>
public sealed record SaveResult(string? Id, ValidationErrors Errors)
{
    public bool Succeeded => Errors.IsValid && Id is not null;

    public static SaveResult Saved(string id) => new(id, new ValidationErrors());

    public static SaveResult Invalid(ValidationErrors errors) => new(null, errors);

    public static SaveResult Invalid(string field, string message) => new(null, new ValidationErrors().Add(field, message));

    public static SaveResult NotFound(string what) => Invalid("", $"The {what} no longer exists.");
}
