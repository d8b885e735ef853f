using System.Globalization;
using MailManager.Core.VerdictLog;
using MailManager.Data.VerdictLog;
using MudBlazor;

namespace MailManager.Web.Components.Pages.MessageLog;

/// <summary>How the sessions view words what the verdict log records.</summary>
internal static class SessionLogText
{
    public static readonly IReadOnlyList<(SessionTimeRange Range, string Label)> TimeRanges =
    [
        (SessionTimeRange.All, "All time"),
        (SessionTimeRange.LastHour, "Last hour"),
        (SessionTimeRange.Last24Hours, "Last 24 hours"),
        (SessionTimeRange.Last7Days, "Last 7 days"),
        (SessionTimeRange.Last30Days, "Last 30 days"),
    ];

    public static string TimeRange(SessionTimeRange range) => TimeRanges.First(t => t.Range == range).Label;

    public static string Verdict(SessionVerdictFilter verdict) => verdict == SessionVerdictFilter.Accepted ? "Accepted" : "Refused";

    public static string Tls(string? protocol, string? cipher) => protocol switch
    {
        null => "None",
        _ when string.IsNullOrEmpty(cipher) => protocol,
        _ => $"{protocol} ({cipher})",
    };

    /// <summary>"1 accepted, 2 refused", or why the connection was refused.</summary>
    public static string Recipients(SessionLogRow row) => row.ConnectionRefusedReason is not null && row.RecipientsAccepted + row.RecipientsRefused == 0
        ? "Connection refused"
        : string.Create(CultureInfo.InvariantCulture, $"{row.RecipientsAccepted} accepted, {row.RecipientsRefused} refused");

    /// <summary>The first refusal in one line: "bob@example.org: Policy statement 2 (Deny)".</summary>
    public static string? Refusal(SessionLogRow row) => row.FirstRefusal is { } first
        ? $"{first.Address}: {VerdictText.Decision(first)}"
        : row.ConnectionRefusedReason is { } reason ? $"Connection refused: {reason}" : null;

    public static Color VerdictColor(TrafficPolicyVerdictValue verdict) => verdict == TrafficPolicyVerdictValue.Accept ? Color.Success : Color.Error;

    public static string Scope(VerdictScope scope) => scope == VerdictScope.Recipient ? "RCPT TO (scope Recipient)" : "DATA (scope Data)";

    public static string Statement(StatementEvaluation statement) => string.Create(CultureInfo.InvariantCulture,
        $"Policy statement {statement.StatementIndex + 1} ({VerdictText.Action(statement.Action)}): {(statement.PolicyStatementMatched ? "matched" : "not matched")}");
}
