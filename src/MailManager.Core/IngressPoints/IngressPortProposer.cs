using System.Globalization;

namespace MailManager.Core.IngressPoints;

/// <summary>The ports the create form starts with, and, when they are not SES's, why not.</summary>
public sealed record IngressPortProposal(IReadOnlyList<int> Ports, string? Reason);

/// <summary>
/// Proposes the ports of a new endpoint: SES's (25 for Open; 25 and 587, submission per RFC 2476, for Authenticated)
/// when this process may bind them and nothing uses them, otherwise as many free ports of the configured range,
/// with the reason in words.
/// </summary>
public static class IngressPortProposer
{
    public const int SmtpPort = 25;
    public const int SubmissionPort = 587;

    public static IReadOnlyList<int> StandardPorts(IngressPointType type) =>
        type == IngressPointType.Auth ? [SmtpPort, SubmissionPort] : [SmtpPort];

    /// <param name="whyTaken">
    /// Why a port cannot be used on the bind address being proposed, as a phrase ("Port 25 is already used by
    /// ingress endpoint 'mx'"), or null when it is free. Asked only about ports the process may bind.
    /// </param>
    public static IngressPortProposal Propose(
        IngressPointType type, PortBindingPrivileges privileges, int rangeStart, int rangeEnd, Func<int, string?> whyTaken,
        bool preferStandardPorts = true)
    {
        var standard = StandardPorts(type);
        var reasons = new List<string>();
        if (!preferStandardPorts)
        {
            return FromRange(standard.Count, privileges, rangeStart, rangeEnd, whyTaken, "The host prefers ports of its range (PreferStandardPorts is off)");
        }
        var needPrivileges = standard.Where(p => !privileges.CanBind(p)).ToList();
        if (needPrivileges.Count > 0)
        {
            reasons.Add($"{Ports(needPrivileges)} {(needPrivileges.Count == 1 ? "needs" : "need")} root or CAP_NET_BIND_SERVICE");
        }
        var usable = new List<int>();
        foreach (var port in standard.Except(needPrivileges))
        {
            if (whyTaken(port) is { } taken)
            {
                reasons.Add(taken);
            }
            else
            {
                usable.Add(port);
            }
        }

        if (reasons.Count == 0)
        {
            return new IngressPortProposal(standard, null);
        }
        var why = string.Join("; ", reasons);
        if (usable.Count > 0)
        {
            // An Authenticated endpoint next to an Open one on 25 still gets the submission port.
            return new IngressPortProposal(usable, $"{why}; proposing {And(usable)} only.");
        }

        return FromRange(standard.Count, privileges, rangeStart, rangeEnd, whyTaken, why);
    }

    private static IngressPortProposal FromRange(int count, PortBindingPrivileges privileges, int rangeStart, int rangeEnd, Func<int, string?> whyTaken, string why)
    {
        var free = new List<int>();
        for (var port = rangeStart; port <= rangeEnd && free.Count < count; port++)
        {
            if (privileges.CanBind(port) && whyTaken(port) is null)
            {
                free.Add(port);
            }
        }
        var range = $"{rangeStart}–{rangeEnd}";
        return free.Count == 0
            ? new IngressPortProposal([], $"{why}; no port of {range} is free either: enter one.")
            : new IngressPortProposal(free, $"{why}; proposing {(free.Count == 1 ? "a free port" : "free ports")} of {range} instead.");
    }

    /// <summary>"Port 25", "Ports 25 and 587".</summary>
    private static string Ports(IReadOnlyList<int> ports) => (ports.Count == 1 ? "Port " : "Ports ") + And(ports);

    private static string And(IReadOnlyList<int> ports)
    {
        var numbers = ports.Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
        return numbers.Count == 1 ? numbers[0] : string.Join(", ", numbers.SkipLast(1)) + " and " + numbers[^1];
    }
}
