using MailManager.Api.Tests.Infrastructure;
using MailManager.Data.Relays;

namespace MailManager.Api.Tests;

public sealed class RelayOperationsTests(ApiServer server) : IClassFixture<ApiServer>
{
    private AwsJsonClient Api => server.Client;

    [Fact]
    public async Task A_relay_created_through_the_API_is_the_one_the_console_sees_and_reads_back_in_the_SES_shape()
    {
        var created = (await Api.MailManagerAsync("CreateRelay", new
        {
            RelayName = "exchange-online",
            ServerName = "smtp.example.com",
            ServerPort = 587,
            Authentication = new { NoAuthentication = new { } },
        })).Ok;
        var id = created["RelayId"]?.GetValue<string>() ?? throw new InvalidOperationException(created.ToJsonString());

        var inConsole = await server.Get<RelayService>().GetAsync(id);
        Assert.Equal("exchange-online", inConsole!.RelayName);
        var got = (await Api.MailManagerAsync("GetRelay", new { RelayId = id })).Ok;
        Assert.Equal($"arn:aws:ses:us-east-1:000000000000:mailmanager-smtp-relay/{id}", got["RelayArn"]!.GetValue<string>());
        Assert.Equal(587, got["ServerPort"]!.GetValue<int>());
        Assert.NotNull(got["Authentication"]!["NoAuthentication"]);
        Assert.InRange(got["CreatedTimestamp"]!.GetValue<double>(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());

        var byArn = (await Api.MailManagerAsync("UpdateRelay", new { RelayId = got["RelayArn"]!.GetValue<string>(), ServerPort = 2525 }));
        Assert.Equal(200, byArn.Status);
        Assert.Equal(2525, (await server.Get<RelayService>().GetAsync(id))!.ServerPort);
        Assert.Equal("exchange-online", (await server.Get<RelayService>().GetAsync(id))!.RelayName);
    }

    [Fact]
    public async Task Errors_are_answered_with_the_SES_types_and_codes()
    {
        var invalid = await Api.MailManagerAsync("CreateRelay", new { RelayName = "bad name!", ServerName = "x.example.com", ServerPort = 25, Authentication = new { NoAuthentication = new { } } });
        Assert.Equal((400, "ValidationException"), (invalid.Status, invalid.ErrorType));
        Assert.StartsWith("RelayName: ", invalid.Message);

        await Api.MailManagerAsync("CreateRelay", new { RelayName = "twice", ServerName = "x.example.com", ServerPort = 25, Authentication = new { NoAuthentication = new { } } });
        var clash = await Api.MailManagerAsync("CreateRelay", new { RelayName = "twice", ServerName = "y.example.com", ServerPort = 25, Authentication = new { NoAuthentication = new { } } });
        Assert.Equal((409, "ConflictException"), (clash.Status, clash.ErrorType));

        var missing = await Api.MailManagerAsync("GetRelay", new { RelayId = "rl-00000000000000000000000000" });
        Assert.Equal((404, "ResourceNotFoundException"), (missing.Status, missing.ErrorType));

        var malformed = await Api.MailManagerAsync("DeleteRelay", new { RelayId = "garbage" });
        Assert.Equal((400, "ValidationException"), (malformed.Status, malformed.ErrorType));
        // A well-formed ID that does not exist is deleted already, as SES answers.
        Assert.Equal(200, (await Api.MailManagerAsync("DeleteRelay", new { RelayId = "rl-00000000000000000000000000" })).Status);

        var archive = await Api.MailManagerAsync("CreateArchive", new { ArchiveName = "a" });
        Assert.Equal(400, archive.Status);
        Assert.Contains("not offered", archive.Message);

        var unknown = await Api.MailManagerAsync("MakeCoffee");
        Assert.Equal((400, "UnknownOperationException"), (unknown.Status, unknown.ErrorType));
    }
}
