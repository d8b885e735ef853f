using System.Text;
using System.Text.Json;
using MailManager.Core.Conditions;

namespace MailManager.Core.AddressLists;

/// <summary>One record of an import file: the member it adds, or why that line adds nothing.</summary>
public readonly record struct ImportLine(int LineNumber, string? Address, string? Reason)
{
    public bool IsMember => Address is not null;
}

/// <summary>A file that cannot be imported at all (no header row, not JSON): the job fails with this message.</summary>
public sealed class ImportFileException(string message) : Exception(message);

/// <summary>
/// Reads an SES address list import file as a stream, one record at a time, so a file of any size costs memory only
/// for the addresses seen (to report duplicates): CSV with a header row naming the <c>address</c> column (other
/// columns are ignored, fields may be quoted as RFC 4180 quotes them, blank lines are skipped), or JSON
/// <c>{"items":[{"address":"…"}, …]}</c>. Each record is checked with <see cref="AddressListMemberRules"/>; a
/// second occurrence of a member (ignoring case) is reported with the line of the first. A file-wide problem throws
/// <see cref="ImportFileException"/> once the records before it have been read.
/// </summary>
public static class AddressListImportFile
{
    public const string AddressColumn = "address";

    public static IEnumerable<ImportLine> Read(Stream content, ImportDataType format) => format switch
    {
        ImportDataType.Csv => ReadCsv(content),
        ImportDataType.Json => ReadJson(content),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "CSV or JSON."),
    };

    private static IEnumerable<ImportLine> ReadCsv(Stream content)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fields = new List<string>();
        var column = -1;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith('\uFEFF'))
            {
                line = line[1..];
            }
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var problem = SplitCsv(line, fields);
            if (column < 0)
            {
                column = problem is null ? fields.FindIndex(f => f.Trim().Equals(AddressColumn, StringComparison.OrdinalIgnoreCase)) : -1;
                if (column < 0)
                {
                    throw new ImportFileException($"Line {lineNumber}: the first line must be the header row naming the '{AddressColumn}' column.");
                }
                continue;
            }

            yield return problem is not null
                ? new ImportLine(lineNumber, null, problem)
                : Check(lineNumber, column < fields.Count ? fields[column] : "", seen);
        }

        if (column < 0)
        {
            throw new ImportFileException($"The file is empty: it needs the header row '{AddressColumn}', then one address per line.");
        }
    }

    /// <summary>Splits one CSV line into <paramref name="fields"/>; returns why it cannot be read, or null.</summary>
    private static string? SplitCsv(string line, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            var start = i;
            while (i < line.Length && line[i] == ' ')
            {
                i++;
            }
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return "A quoted field is not closed on this line.";
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                while (i < line.Length && line[i] == ' ')
                {
                    i++;
                }
                if (i < line.Length && line[i] != ',')
                {
                    return "Unexpected characters after a quoted field.";
                }
            }
            else
            {
                i = start;
                while (i < line.Length && line[i] != ',')
                {
                    field.Append(line[i++]);
                }
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return null;
            }
            i++; // the comma
        }
    }

    private static ImportLine Check(int lineNumber, string value, Dictionary<string, int> seen)
    {
        var address = value.Trim();
        if (address.Length == 0)
        {
            return new ImportLine(lineNumber, null, "No address on this line.");
        }
        if (AddressListMemberRules.Check(address) is { } problem)
        {
            return new ImportLine(lineNumber, null, problem);
        }
        if (!seen.TryAdd(CaseFolding.Fold(address), lineNumber))
        {
            return new ImportLine(lineNumber, null, $"Duplicate of line {seen[CaseFolding.Fold(address)]}.");
        }
        return new ImportLine(lineNumber, address, null);
    }

    private static IEnumerable<ImportLine> ReadJson(Stream content)
    {
        var state = new JsonImportState();
        var buffer = new byte[64 * 1024];
        var length = 0;
        var first = true;
        var output = new List<ImportLine>();
        while (true)
        {
            var read = content.Read(buffer, length, buffer.Length - length);
            length += read;
            var final = read == 0;
            var start = 0;
            if (first && length >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
            {
                start = 3;
            }
            if (first && (length >= 3 || final))
            {
                first = false;
            }
            else if (first)
            {
                continue;
            }

            var consumed = start + state.Feed(buffer.AsSpan(start, length - start), final, output);
            foreach (var line in output)
            {
                yield return line;
            }
            output.Clear();
            if (state.Error is { } error)
            {
                throw new ImportFileException(error);
            }
            if (final)
            {
                state.Finish();
                yield break;
            }

            // Keep the unread tail (a token cut by the chunk's end); grow when one token fills the whole buffer.
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    /// <summary>Where the JSON reader is in <c>{"items":[{"address":"…"}]}</c>, carried from one chunk to the next.</summary>
    private sealed class JsonImportState
    {
        private const string Shape = "{\"items\":[{\"address\":\"…\"}]}";

        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private JsonReaderState _reader;
        private int _line = 1;
        private bool _rootSeen;
        private bool _itemsSeen;
        private bool _done;
        private int _depth;
        private int _skipDepth = -1;
        private bool _skipNext;
        private bool _expectItems;
        private bool _expectAddress;
        private int _itemLine;
        private string? _itemAddress;
        private string? _itemProblem;

        /// <summary>Why the file cannot be read further, once a chunk has shown it.</summary>
        public string? Error { get; private set; }

        /// <summary>Reads what it can of <paramref name="data"/>; returns the bytes consumed.</summary>
        public int Feed(ReadOnlySpan<byte> data, bool final, List<ImportLine> output)
        {
            var reader = new Utf8JsonReader(data, final, _reader);
            var counted = 0;
            try
            {
                while (!_done && reader.Read())
                {
                    var tokenStart = (int)reader.TokenStartIndex;
                    _line += data[counted..tokenStart].Count((byte)'\n');
                    counted = tokenStart;
                    Handle(ref reader, output);
                }
            }
            catch (JsonException) when (!_rootSeen && data.Trim(" \t\r\n"u8).IsEmpty)
            {
                // Nothing but white space: Finish says the file is empty.
            }
            catch (JsonException)
            {
                // Kept for after the records read before it, which the caller still gets.
                Error = $"Line {_line}: the file is not valid JSON. Expected {Shape}.";
                _done = true;
            }
            catch (ImportFileException e)
            {
                Error = e.Message;
                _done = true;
            }

            var consumed = _done ? data.Length : (int)reader.BytesConsumed;
            _line += data[counted..consumed].Count((byte)'\n');
            _reader = reader.CurrentState;
            return consumed;
        }

        public void Finish()
        {
            if (!_rootSeen)
            {
                throw new ImportFileException($"The file is empty. Expected {Shape}.");
            }
            if (!_itemsSeen)
            {
                throw new ImportFileException($"The file has no \"items\" array. Expected {Shape}.");
            }
        }

        private void Handle(ref Utf8JsonReader reader, List<ImportLine> output)
        {
            var token = reader.TokenType;
            var opens = token is JsonTokenType.StartObject or JsonTokenType.StartArray;
            var closes = token is JsonTokenType.EndObject or JsonTokenType.EndArray;
            if (_skipDepth >= 0)
            {
                // Inside a value nobody asked for (another property, an item of the wrong shape).
                _depth += opens ? 1 : closes ? -1 : 0;
                if (_depth == _skipDepth)
                {
                    _skipDepth = -1;
                }
                return;
            }

            if (_skipNext)
            {
                _skipNext = false;
                if (opens)
                {
                    _skipDepth = _depth;
                    _depth++;
                }
                return;
            }

            if (_depth == 0)
            {
                if (token != JsonTokenType.StartObject)
                {
                    throw new ImportFileException($"Line {_line}: the file must be a JSON object. Expected {Shape}.");
                }
                _rootSeen = true;
                _depth = 1;
                return;
            }

            if (_depth == 1 && !_itemsSeen && _expectItems)
            {
                _expectItems = false;
                if (token != JsonTokenType.StartArray)
                {
                    throw new ImportFileException($"Line {_line}: \"items\" must be an array. Expected {Shape}.");
                }
                _itemsSeen = true;
                _depth = 2;
                return;
            }

            switch (_depth)
            {
                case 1 when token == JsonTokenType.PropertyName:
                    _expectItems = !_itemsSeen && reader.ValueTextEquals("items"u8);
                    if (!_expectItems)
                    {
                        SkipNextValue();
                    }
                    return;
                case 1 when token == JsonTokenType.EndObject:
                    _done = true;
                    return;
                case 2 when token == JsonTokenType.EndArray:
                    _depth = 1;
                    return;
                case 2 when token == JsonTokenType.StartObject:
                    _depth = 3;
                    _itemLine = _line;
                    _itemAddress = null;
                    _itemProblem = null;
                    return;
                case 2:
                    output.Add(new ImportLine(_line, null, "Each item must be an object such as {\"address\":\"user@example.com\"}."));
                    if (opens)
                    {
                        _skipDepth = _depth;
                        _depth++;
                    }
                    return;
                case 3 when token == JsonTokenType.PropertyName:
                    _expectAddress = reader.ValueTextEquals("address"u8);
                    if (!_expectAddress)
                    {
                        SkipNextValue();
                    }
                    return;
                case 3 when _expectAddress:
                    _expectAddress = false;
                    if (token == JsonTokenType.String)
                    {
                        _itemAddress = reader.GetString();
                    }
                    else
                    {
                        _itemProblem = "The \"address\" of an item must be a string.";
                        if (opens)
                        {
                            _skipDepth = _depth;
                            _depth++;
                        }
                    }
                    return;
                case 3 when token == JsonTokenType.EndObject:
                    _depth = 2;
                    output.Add(_itemProblem is not null ? new ImportLine(_itemLine, null, _itemProblem)
                        : _itemAddress is null ? new ImportLine(_itemLine, null, "The item has no \"address\".")
                        : Check(_itemLine, _itemAddress, _seen));
                    return;
            }
        }

        // The value after a property name nobody asked for: one token, or a container skipped to its end.
        private void SkipNextValue() => _skipNext = true;
    }
}
