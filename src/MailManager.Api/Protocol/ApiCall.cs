namespace MailManager.Api.Protocol;

/// <summary>One authenticated API request: who made it (the access key every change is attributed to) and what.</summary>
public sealed record ApiCall(string AccessKeyId, string Operation, string RequestId);
