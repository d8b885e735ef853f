namespace MailManager.Core.Common;

/// <summary>Created and last-modified times, set by storage on every save.</summary>
public interface IHasTimestamps
{
    DateTimeOffset CreatedTimestamp { get; set; }
    DateTimeOffset LastModifiedTimestamp { get; set; }
}
