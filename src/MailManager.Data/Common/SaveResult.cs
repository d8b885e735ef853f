using MailManager.Core.Common;

namespace MailManager.Data.Common;

/// <summary>The outcome of a create or update: the resource ID, or the field errors that stopped it (nothing was saved).</summary>
public sealed record SaveResult(string? Id, ValidationErrors Errors)
{
    public bool Succeeded => Errors.IsValid && Id is not null;

    public static SaveResult Saved(string id) => new(id, new ValidationErrors());

    public static SaveResult Invalid(ValidationErrors errors) => new(null, errors);

    public static SaveResult Invalid(string field, string message) => new(null, new ValidationErrors().Add(field, message));

    public static SaveResult QuotaExceeded(string field, string message) => new(null, new ValidationErrors().QuotaExceeded(field, message));

    public static SaveResult Conflict(string field, string message) => new(null, new ValidationErrors().Conflict(field, message));

    /// <summary>The resource to change does not exist (the API answers <c>ResourceNotFoundException</c>).</summary>
    public bool IsNotFound { get; init; }

    public static SaveResult NotFound(string what) => new(null, new ValidationErrors().Add("", $"The {what} no longer exists.")) { IsNotFound = true };
}
