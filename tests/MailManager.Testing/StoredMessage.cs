namespace MailManager.Testing;

/// <summary>Reads what a server stored: its own <c>Received:</c> trace header first, then the message as sent.</summary>
public static class StoredMessage
{
    /// <summary>
    /// Splits stored bytes after the leading <c>Received:</c> header (which ends at the first line break not followed by
    /// folding white space). Fails when the stored message does not start with one.
    /// </summary>
    public static (string ReceivedHeader, byte[] Message) SplitReceived(byte[] stored)
    {
        if (!stored.AsSpan().StartsWith("Received: "u8))
        {
            throw new InvalidDataException("The stored message does not start with a Received: header.");
        }

        int end = 0;
        do
        {
            int lf = stored.AsSpan(end).IndexOf("\r\n"u8);
            if (lf < 0)
            {
                throw new InvalidDataException("The Received: header is not ended by CRLF.");
            }

            end += lf + 2;
        }
        while (end < stored.Length && stored[end] is (byte)'\t' or (byte)' ');

        return (System.Text.Encoding.ASCII.GetString(stored, 0, end), stored[end..]);
    }

    /// <summary>Where two byte strings first differ, for a failure message that says more than "not equal".</summary>
    public static string Difference(byte[] expected, byte[] actual)
    {
        int common = expected.AsSpan().CommonPrefixLength(actual);
        if (common == expected.Length && common == actual.Length)
        {
            return "identical";
        }

        return $"expected {expected.Length} octets, stored {actual.Length}; first difference at offset {common}";
    }
}
