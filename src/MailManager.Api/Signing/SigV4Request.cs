namespace MailManager.Api.Signing;

/// <summary>
/// One HTTP request as it arrived, in the parts an AWS Signature Version 4 signature covers.
/// </summary>
/// <param name="Method">The request method, e.g. <c>POST</c>.</param>
/// <param name="Path">The path as sent on the wire (still percent-encoded), without the query.</param>
/// <param name="Query">The raw query string as sent, with or without its leading <c>?</c>; empty when there is none.</param>
/// <param name="Headers">The headers as received: one entry per value, a repeated header once per line, names in any case.</param>
/// <param name="Body">The request body.</param>
public sealed record SigV4Request(
    string Method,
    string Path,
    string Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>Every value of the header named <paramref name="name"/> (case-insensitive), in the order received.</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return header.Value;
            }
        }
    }

    /// <summary>The value of a header that must appear at most once: null when absent or repeated.</summary>
    internal string? SingleHeader(string name, out bool repeated)
    {
        string? found = null;
        repeated = false;
        foreach (var value in HeaderValues(name))
        {
            if (found is not null)
            {
                repeated = true;
                return null;
            }

            found = value;
        }

        return found;
    }
}
