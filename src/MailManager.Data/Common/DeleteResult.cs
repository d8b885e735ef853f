namespace MailManager.Data.Common;

/// <summary>The outcome of a delete: done, or refused with a message that names what still uses the resource.</summary>
public sealed record DeleteResult(bool Deleted, string? Refusal)
{
    public static readonly DeleteResult Done = new(true, null);

    public static DeleteResult Refused(string message) => new(false, message);
}
