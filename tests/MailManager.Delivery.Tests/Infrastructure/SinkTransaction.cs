namespace MailManager.Delivery.Tests.Infrastructure;

/// <summary>One message the sink accepted.</summary>
internal sealed record SinkTransaction(string MailFrom, IReadOnlyList<string> Recipients, byte[] Data, string? AuthUser, string? AuthPassword);
