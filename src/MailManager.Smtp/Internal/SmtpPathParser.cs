using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MailManager.Smtp.Internal;

/// <summary>Parses the reverse/forward paths of MAIL FROM and RCPT TO (RFC 5321 4.1.2, RFC 6531 for UTF-8).</summary>
internal static class SmtpPathParser
{
    private const string AtextSpecials = "!#$%&'*+-/=?^_`{|}~";

    /// <summary>
    /// Splits <c>FROM:&lt;path&gt; params</c> (or <c>TO:…</c>): returns the address inside the brackets with any
    /// source route dropped (RFC 5321 allows ignoring it) and the space-separated parameters. A space between the
    /// colon and the bracket is tolerated because common clients send it.
    /// </summary>
    public static bool TrySplit(string arguments, string keyword, out string address, out string[] parameters)
    {
        address = string.Empty;
        parameters = [];
        if (!arguments.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int i = keyword.Length;
        while (i < arguments.Length && arguments[i] == ' ')
        {
            i++;
        }

        if (i >= arguments.Length || arguments[i] != '<')
        {
            return false;
        }

        int start = ++i;
        bool quoted = false;
        for (; i < arguments.Length; i++)
        {
            char c = arguments[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '>')
            {
                break;
            }
            else if (c == '<')
            {
                return false;
            }
        }

        if (i >= arguments.Length)
        {
            return false;
        }

        address = arguments[start..i];
        string rest = arguments[(i + 1)..];
        if (rest.Length > 0 && rest[0] != ' ')
        {
            return false;
        }

        parameters = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (address.StartsWith('@'))
        {
            int colon = address.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                return false;
            }

            address = address[(colon + 1)..];
        }

        return true;
    }

    /// <summary>Whether <paramref name="address"/> is <c>local-part@domain</c> within RFC 5321 limits (UTF-8 allowed; the caller checks SMTPUTF8).</summary>
    public static bool IsValidMailbox(string address)
    {
        // A path is at most 256 octets including the angle brackets.
        if (address.Length == 0 || Encoding.UTF8.GetByteCount(address) > 254)
        {
            return false;
        }

        int at;
        if (address[0] == '"')
        {
            int close = FindClosingQuote(address);
            if (close < 0 || close + 1 >= address.Length || address[close + 1] != '@')
            {
                return false;
            }

            at = close + 1;
        }
        else
        {
            at = address.LastIndexOf('@');
            if (at <= 0 || !address[..at].All(IsDotStringChar))
            {
                return false;
            }
        }

        string local = address[..at];
        string domain = address[(at + 1)..];
        return local.Length > 0 && Encoding.UTF8.GetByteCount(local) <= 64 && IsValidDomain(domain);
    }

    /// <summary>Whether the address holds anything beyond ASCII, which needs SMTPUTF8.</summary>
    public static bool IsNonAscii(string address) => !Ascii.IsValid(address);

    private static int FindClosingQuote(string address)
    {
        for (int i = 1; i < address.Length; i++)
        {
            char c = address[i];
            if (char.IsControl(c))
            {
                return -1;
            }

            if (c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                return i;
            }
        }

        return -1;
    }

    // Dots are allowed anywhere: "john..doe" is invalid per RFC but common in the wild, and refusing it gains nothing.
    private static bool IsDotStringChar(char c) => c > 0x7F ? !char.IsControl(c) && !char.IsWhiteSpace(c) : char.IsAsciiLetterOrDigit(c) || c == '.' || AtextSpecials.Contains(c);

    private static bool IsValidDomain(string domain)
    {
        if (domain.Length == 0 || Encoding.UTF8.GetByteCount(domain) > 255)
        {
            return false;
        }

        if (domain[0] == '[')
        {
            if (domain[^1] != ']')
            {
                return false;
            }

            string literal = domain[1..^1];
            if (literal.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
            {
                return IPAddress.TryParse(literal[5..], out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
            }

            return IPAddress.TryParse(literal, out IPAddress? v4) && v4.AddressFamily == AddressFamily.InterNetwork && literal.Count(c => c == '.') == 3;
        }

        foreach (string label in domain.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (char c in label)
            {
                bool ok = c > 0x7F ? !char.IsControl(c) && !char.IsWhiteSpace(c) : char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_';
                if (!ok)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
