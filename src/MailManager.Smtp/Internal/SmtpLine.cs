namespace MailManager.Smtp.Internal;

/// <summary>One line read from the client: its text, or why there is none.</summary>
internal readonly record struct SmtpLine(SmtpLineStatus Status, string Text)
{
    public static SmtpLine Closed { get; } = new(SmtpLineStatus.Closed, string.Empty);

    public static SmtpLine TooLong { get; } = new(SmtpLineStatus.TooLong, string.Empty);
}
