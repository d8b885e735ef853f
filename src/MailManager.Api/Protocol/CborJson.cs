using System.Formats.Cbor;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MailManager.Api.Protocol;

/// <summary>
/// CBOR (RFC 8949) as the Smithy RPC v2 CBOR protocol uses it, read into and written from the same JSON trees the
/// operations take and answer: maps with text keys, arrays, text, numbers, booleans; timestamps as tag 1 (epoch
/// seconds); null and undefined mean "not set". Byte strings become Base64 text, as the JSON protocols carry blobs.
/// </summary>
public static class CborJson
{
    /// <summary>The members written as timestamps (tag 1): the model names every timestamp member so.</summary>
    public static bool IsTimestampMember(string name) =>
        name.EndsWith("Timestamp", StringComparison.Ordinal) || name.EndsWith("Date", StringComparison.Ordinal);

    public static JsonNode? Read(ReadOnlyMemory<byte> cbor)
    {
        var reader = new CborReader(cbor, CborConformanceMode.Lax, allowMultipleRootLevelValues: false);
        var node = ReadValue(reader, depth: 0);
        if (reader.BytesRemaining > 0)
        {
            throw new CborContentException("Unexpected data after the CBOR value.");
        }
        return node;
    }

    public static byte[] Write(JsonNode? node)
    {
        var writer = new CborWriter(CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false);
        WriteValue(writer, node, timestamp: false);
        return writer.Encode();
    }

    private static JsonNode? ReadValue(CborReader reader, int depth)
    {
        if (depth > 64)
        {
            throw new CborContentException("CBOR nested too deeply.");
        }
        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                var map = new JsonObject();
                reader.ReadStartMap();
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    var key = reader.ReadTextString();
                    var value = ReadValue(reader, depth + 1);
                    if (value is not null)
                    {
                        map[key] = value;
                    }
                }
                reader.ReadEndMap();
                return map;
            case CborReaderState.StartArray:
                var array = new JsonArray();
                reader.ReadStartArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    array.Add(ReadValue(reader, depth + 1));
                }
                reader.ReadEndArray();
                return array;
            case CborReaderState.TextString:
                return JsonValue.Create(reader.ReadTextString());
            case CborReaderState.StartIndefiniteLengthTextString:
                return JsonValue.Create(ReadIndefiniteText(reader));
            case CborReaderState.ByteString:
            case CborReaderState.StartIndefiniteLengthByteString:
                return JsonValue.Create(Convert.ToBase64String(reader.ReadByteString()));
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                return JsonValue.Create(reader.ReadInt64());
            case CborReaderState.HalfPrecisionFloat:
            case CborReaderState.SinglePrecisionFloat:
            case CborReaderState.DoublePrecisionFloat:
                var number = reader.ReadDouble();
                return double.IsFinite(number) ? JsonValue.Create(number) : throw new CborContentException("NaN and infinite numbers are not taken.");
            case CborReaderState.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.SimpleValue:
                reader.ReadSimpleValue();
                return null;
            case CborReaderState.Tag:
                // Tag 1 (epoch time) and any other tag: the tagged value is what the operation reads.
                reader.ReadTag();
                return ReadValue(reader, depth + 1);
            default:
                throw new CborContentException($"Unexpected CBOR item {reader.PeekState()}.");
        }
    }

    private static string ReadIndefiniteText(CborReader reader)
    {
        var text = new System.Text.StringBuilder();
        reader.ReadStartIndefiniteLengthTextString();
        while (reader.PeekState() != CborReaderState.EndIndefiniteLengthTextString)
        {
            text.Append(reader.ReadTextString());
        }
        reader.ReadEndIndefiniteLengthTextString();
        return text.ToString();
    }

    private static void WriteValue(CborWriter writer, JsonNode? node, bool timestamp)
    {
        switch (node)
        {
            case null:
                writer.WriteNull();
                break;
            case JsonObject map:
                writer.WriteStartMap(map.Count);
                foreach (var (key, value) in map)
                {
                    writer.WriteTextString(key);
                    WriteValue(writer, value, IsTimestampMember(key));
                }
                writer.WriteEndMap();
                break;
            case JsonArray array:
                writer.WriteStartArray(array.Count);
                foreach (var item in array)
                {
                    WriteValue(writer, item, timestamp: false);
                }
                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteScalar(writer, value, timestamp);
                break;
        }
    }

    private static void WriteScalar(CborWriter writer, JsonValue value, bool timestamp)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                writer.WriteTextString(value.GetValue<string>());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBoolean(value.GetValue<bool>());
                break;
            case JsonValueKind.Number:
                if (timestamp)
                {
                    writer.WriteTag(CborTag.UnixTimeSeconds);
                }
                var element = value.GetValue<JsonElement>();
                if (element.TryGetInt64(out var integer))
                {
                    writer.WriteInt64(integer);
                }
                else
                {
                    writer.WriteDouble(element.GetDouble());
                }
                break;
            default:
                writer.WriteNull();
                break;
        }
    }
}
