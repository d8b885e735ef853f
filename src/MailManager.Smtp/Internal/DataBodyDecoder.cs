namespace MailManager.Smtp.Internal;

/// <summary>
/// Streaming decoder of the DATA body: finds the end-of-data marker, undoes dot-stuffing and flags bare line ends
/// and over-long lines, one chunk at a time so no line or message is ever buffered whole.
/// <para>
/// Only CRLF "." CRLF ends the message. A line start is only recognised after a real CRLF, so <c>LF . LF</c>,
/// <c>LF . CRLF</c> and <c>CRLF . LF</c> never end it (the SMTP-smuggling family, CVE-2023-51764). Any LF without
/// a CR before it, or CR without an LF after it, sets <see cref="HasBareLineEnding"/>; the session then refuses the
/// whole message rather than guessing which line ends the client meant.
/// </para>
/// </summary>
internal sealed class DataBodyDecoder(int maxLineLength)
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Dot = (byte)'.';

    // 0 means unlimited; otherwise the longest line content allowed, CRLF excluded.
    private readonly long _maxLineContent = maxLineLength == 0 ? long.MaxValue : maxLineLength - 2;
    private State _state = State.LineStart;
    private long _lineLength;

    private enum State
    {
        LineStart,
        DotAtLineStart,
        DotCr,
        Text,
        Cr,
    }

    /// <summary>Whether a bare CR or bare LF was seen.</summary>
    public bool HasBareLineEnding { get; private set; }

    /// <summary>Whether a line exceeded the limit.</summary>
    public bool HasLineTooLong { get; private set; }

    /// <summary>Whether the end-of-data marker was found.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>
    /// Decodes <paramref name="input"/> into <paramref name="output"/>, which must hold at least
    /// <c>input.Length + 1</c> bytes (a held-back CR can be emitted late). Stops right after the end-of-data marker.
    /// </summary>
    /// <returns>Input bytes consumed and output bytes written.</returns>
    public (int Consumed, int Written) Decode(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int i = 0;
        int w = 0;
        while (i < input.Length && !IsComplete)
        {
            byte b = input[i];
            switch (_state)
            {
                case State.LineStart:
                    if (b == Dot)
                    {
                        _state = State.DotAtLineStart;
                        i++;
                        continue;
                    }

                    break; // handled as text below

                case State.DotAtLineStart:
                    if (b == Cr)
                    {
                        _state = State.DotCr;
                        i++;
                        continue;
                    }

                    // Dot-unstuffing (RFC 5321 4.5.2): the leading dot is dropped and the rest is ordinary text.
                    _state = State.Text;
                    break;

                case State.DotCr:
                    i++;
                    if (b == Lf)
                    {
                        IsComplete = true;
                        return (i, w);
                    }

                    // "." CR then something else: the dot was stuffing, the CR is bare.
                    HasBareLineEnding = true;
                    output[w++] = Cr;
                    _state = State.Text;
                    i--;
                    continue;

                case State.Cr:
                    if (b == Lf)
                    {
                        output[w++] = Lf;
                        _state = State.LineStart;
                        _lineLength = 0;
                        i++;
                        continue;
                    }

                    HasBareLineEnding = true;
                    _state = State.Text;
                    break;
            }

            // Text: copy the run up to the next CR or LF in one go.
            ReadOnlySpan<byte> rest = input[i..];
            int stop = rest.IndexOfAny(Cr, Lf);
            int run = stop < 0 ? rest.Length : stop;
            if (run > 0)
            {
                rest[..run].CopyTo(output[w..]);
                w += run;
                i += run;
                _lineLength += run;
                if (_lineLength > _maxLineContent)
                {
                    HasLineTooLong = true;
                }

                _state = State.Text;
                continue;
            }

            output[w++] = b;
            i++;
            if (b == Cr)
            {
                _state = State.Cr;
            }
            else
            {
                // A bare LF does not start a new line: a following "." CRLF must not end the message.
                HasBareLineEnding = true;
                _state = State.Text;
            }
        }

        return (i, w);
    }
}
