namespace MailManager.Smtp;

/// <summary>An SMTP reply with its RFC 3463 enhanced status code, used where the host chooses the answer.</summary>
public sealed class SmtpReply
{
    /// <summary>Creates a reply; CR and LF in <paramref name="message"/> are replaced so it stays one line.</summary>
    /// <param name="code">Three-digit reply code, 200-599.</param>
    /// <param name="enhancedStatusCode">Enhanced status code such as <c>5.7.1</c>; its class must match the code's first digit.</param>
    /// <param name="message">Human-readable text.</param>
    public SmtpReply(int code, string enhancedStatusCode, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(enhancedStatusCode);
        ArgumentNullException.ThrowIfNull(message);
        string[] parts = enhancedStatusCode.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !p.All(char.IsAsciiDigit)) || parts[0] != (code / 100).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new ArgumentException($"'{enhancedStatusCode}' is not an enhanced status code of class {code / 100}.", nameof(enhancedStatusCode));
        }

        Code = code;
        EnhancedStatusCode = enhancedStatusCode;
        Message = message.Replace('\r', ' ').Replace('\n', ' ');
    }

    /// <summary>The three-digit reply code.</summary>
    public int Code { get; }

    /// <summary>The RFC 3463 enhanced status code.</summary>
    public string EnhancedStatusCode { get; }

    /// <summary>The reply text.</summary>
    public string Message { get; }

    /// <summary>Whether this reply refuses (4xx or 5xx).</summary>
    public bool IsFailure => Code >= 400;

    /// <inheritdoc />
    public override string ToString() => $"{Code} {EnhancedStatusCode} {Message}";
}
