using Microsoft.Extensions.Options;

namespace MailManager.Smtp;

/// <summary>Rejects <see cref="SmtpServerOptions"/> the engine cannot run with, so a bad configuration fails at start-up rather than mid-session.</summary>
public sealed class SmtpServerOptionsValidator : IValidateOptions<SmtpServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SmtpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (string.IsNullOrWhiteSpace(options.ServerName) || options.ServerName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add("ServerName must be a non-empty host name without spaces or control characters.");
        }

        RequirePositive(failures, nameof(options.CommandTimeout), options.CommandTimeout);
        RequirePositive(failures, nameof(options.SessionTimeout), options.SessionTimeout);
        RequirePositive(failures, nameof(options.DrainTimeout), options.DrainTimeout);
        RequireAtLeast(failures, nameof(options.MaxConnectionsPerEndpoint), options.MaxConnectionsPerEndpoint, 1);
        RequireAtLeast(failures, nameof(options.MaxConnectionsPerClientIp), options.MaxConnectionsPerClientIp, 1);
        RequireAtLeast(failures, nameof(options.MaxFailedAuthAttempts), options.MaxFailedAuthAttempts, 1);
        RequireAtLeast(failures, nameof(options.MaxRecipients), options.MaxRecipients, 1);

        // 512 is the RFC 5321 minimum every server must accept; 64 KiB keeps one line from pinning much memory.
        if (options.MaxLineLength is < 512 or > 65536)
        {
            failures.Add("MaxLineLength must be between 512 and 65536 octets.");
        }

        if (options.MaxDataLineLength != 0 && options.MaxDataLineLength < 1000)
        {
            failures.Add("MaxDataLineLength must be 0 (no limit) or at least 1000 octets (RFC 5321).");
        }

        if (options.DefaultMaxMessageSizeBytes <= 0)
        {
            failures.Add("DefaultMaxMessageSizeBytes must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            failures.Add($"{name} must be positive and at most one day.");
        }
    }

    private static void RequireAtLeast(List<string> failures, string name, int value, int minimum)
    {
        if (value < minimum)
        {
            failures.Add($"{name} must be at least {minimum}.");
        }
    }
}
