using System.Formats.Cbor;
using MailManager.Api.Tests.Infrastructure;

namespace MailManager.Api.Tests;

/// <summary>
/// Smithy RPC v2 CBOR, the protocol newer SES Mail Manager models list first: the same operations, encoded in CBOR
/// (written and read here with System.Formats.Cbor directly, not with the server's converter).
/// </summary>
public sealed class CborProtocolTests(ApiServer server) : IClassFixture<ApiServer>
{
    [Fact]
    public async Task A_relay_is_created_and_read_in_CBOR_with_timestamps_as_epoch_tags()
    {
        var create = new CborWriter();
        create.WriteStartMap(4);
        create.WriteTextString("RelayName"); create.WriteTextString("cbor-relay");
        create.WriteTextString("ServerName"); create.WriteTextString("smtp.example.com");
        create.WriteTextString("ServerPort"); create.WriteInt32(587);
        create.WriteTextString("Authentication");
        create.WriteStartMap(1); create.WriteTextString("NoAuthentication"); create.WriteStartMap(0); create.WriteEndMap(); create.WriteEndMap();
        create.WriteEndMap();

        var (status, body, contentType) = await server.Client.SendCborAsync("MailManagerSvc", "CreateRelay", create.Encode());

        Assert.Equal((200, "application/cbor"), (status, contentType));
        var relayId = ReadMap(body)["RelayId"];

        var get = new CborWriter();
        get.WriteStartMap(1); get.WriteTextString("RelayId"); get.WriteTextString((string)relayId!); get.WriteEndMap();
        var (getStatus, getBody, _) = await server.Client.SendCborAsync("MailManagerSvc", "GetRelay", get.Encode());
        Assert.Equal(200, getStatus);
        var reader = new CborReader(getBody);
        var sawTaggedTimestamp = false;
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var key = reader.ReadTextString();
            if (key == "CreatedTimestamp")
            {
                Assert.Equal(CborTag.UnixTimeSeconds, reader.ReadTag());
                var seconds = reader.PeekState() == CborReaderState.UnsignedInteger ? reader.ReadInt64() : reader.ReadDouble();
                Assert.InRange(seconds, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
                sawTaggedTimestamp = true;
            }
            else if (key == "ServerPort")
            {
                Assert.Equal(587, reader.ReadInt32());
            }
            else
            {
                reader.SkipValue();
            }
        }
        Assert.True(sawTaggedTimestamp);
    }

    [Fact]
    public async Task Errors_in_CBOR_carry_the_type_and_message()
    {
        var get = new CborWriter();
        get.WriteStartMap(1); get.WriteTextString("RuleSetId"); get.WriteTextString("rs-00000000000000000000000000"); get.WriteEndMap();

        var (status, body, contentType) = await server.Client.SendCborAsync("MailManagerSvc", "GetRuleSet", get.Encode());

        Assert.Equal((404, "application/cbor"), (status, contentType));
        var error = ReadMap(body);
        Assert.Equal("ResourceNotFoundException", error["__type"]);
        Assert.Contains("does not exist", (string)error["message"]!);
    }

    private static Dictionary<string, object?> ReadMap(byte[] cbor)
    {
        var reader = new CborReader(cbor);
        var map = new Dictionary<string, object?>();
        reader.ReadStartMap();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            var key = reader.ReadTextString();
            map[key] = reader.PeekState() == CborReaderState.TextString ? reader.ReadTextString() : SkipAndReturnNull(reader);
        }
        return map;
    }

    private static object? SkipAndReturnNull(CborReader reader)
    {
        reader.SkipValue();
        return null;
    }
}
