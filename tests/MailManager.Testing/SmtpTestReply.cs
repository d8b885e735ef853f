namespace MailManager.Testing;

/// <summary>A reply as the raw test client read it: code, enhanced code of the last line, and all lines.</summary>
public sealed record SmtpTestReply(int Code, IReadOnlyList<string> Lines)
{
    /// <summary>Text of the last line after the code (e.g. "2.1.0 Ok").</summary>
    public string LastText => Lines[^1].Length > 4 ? Lines[^1][4..] : string.Empty;

    /// <summary>Enhanced status code of the last line, or empty when it has none.</summary>
    public string Enhanced
    {
        get
        {
            string first = LastText.Split(' ', 2)[0];
            return first.Count(c => c == '.') == 2 && first.All(c => char.IsAsciiDigit(c) || c == '.') ? first : string.Empty;
        }
    }

    /// <summary>Code and enhanced code, e.g. "250 2.1.0", for compact assertions.</summary>
    public string Status => Enhanced.Length > 0 ? $"{Code} {Enhanced}" : Code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => string.Join(" | ", Lines);
}
