using MailManager.Core.IngressPoints;
using MailManager.Data.IngressPoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MailManager.Data.Tests;

/// <summary>A database written by the version before endpoints had several ports, opened by this one.</summary>
public sealed class IngressPointMigrationTests : IAsyncLifetime
{
    // The last migration in which an endpoint had a single "Port" column.
    private const string SinglePortMigration = "20261123071349_IngressPointsAndMessageLog";
    private static readonly DateTimeOffset Created = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    private readonly TemporaryStorage _storage = new();

    public async Task InitializeAsync()
    {
        await using var db = _storage.NewDbContext();
        await db.GetService<IMigrator>().MigrateAsync(SinglePortMigration);
    }

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public async Task An_existing_endpoint_keeps_its_port_as_its_one_port_and_everything_else()
    {
        await InsertSinglePortEndpointAsync("inp-existing", "mx", "0.0.0.0", 2525);

        await _storage.Services.MigrateStorageAsync();

        var endpoint = await _storage.Get<IngressPointService>().GetAsync("inp-existing");
        Assert.NotNull(endpoint);
        Assert.Equal([2525], endpoint.Ports);
        Assert.Equal(("mx", IngressPointType.Auth, IngressPointStatus.Active, IngressPointStatusToUpdate.Active),
            (endpoint.IngressPointName, endpoint.Type, endpoint.Status, endpoint.DesiredStatus));
        Assert.Equal(("tp-existing", "rs-existing", TlsPolicy.Required, "0.0.0.0"),
            (endpoint.TrafficPolicyId, endpoint.RuleSetId, endpoint.TlsPolicy, endpoint.BindAddress));
        Assert.Equal(("pbkdf2-sha256$1$c2FsdA==$aGFzaA==", 3), (endpoint.SmtpPasswordHash, endpoint.SmtpPasswordVersion));
        Assert.Equal(Created, endpoint.CreatedTimestamp);
    }

    [Fact]
    public async Task The_migrated_endpoint_counts_for_uniqueness_and_can_get_a_second_port()
    {
        await InsertSinglePortEndpointAsync("inp-existing", "mx", "0.0.0.0", 2525);
        await _storage.Services.MigrateStorageAsync();
        var service = _storage.Get<IngressPointService>();

        var clash = await service.CreateAsync(new IngressPointDraft
        {
            Name = "another", TrafficPolicyId = "tp-existing", RuleSetId = "rs-existing", BindAddress = "127.0.0.1", Ports = IngressPortDraft.Of(2525),
        });
        var edited = await service.UpdateGeneralAsync("inp-existing", new IngressPointGeneralDraft
        {
            Status = IngressPointStatusToUpdate.Active, BindAddress = "0.0.0.0", Ports = IngressPortDraft.Of(2525, 2587), TlsPolicy = TlsPolicy.Required,
        });

        Assert.Contains("ingress endpoint 'mx' on 0.0.0.0", Assert.Single(clash.Errors.For("Ports[0].Port")));
        Assert.True(edited.Succeeded, edited.Errors.ToString());
        Assert.Equal([2525, 2587], (await service.GetAsync("inp-existing"))!.Ports);
    }

    [Fact]
    public async Task An_endpoint_without_any_port_is_refused_by_the_database()
    {
        await _storage.Services.MigrateStorageAsync();
        await InsertReferencesAsync();
        await using var db = _storage.NewDbContext();
        db.IngressPoints.Add(new IngressPoint
        {
            IngressPointId = "inp-noports", IngressPointName = "noports", TrafficPolicyId = "tp-existing", RuleSetId = "rs-existing", Ports = [],
        });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("CK_IngressPoints_Ports", error.InnerException?.Message);
    }

    private async Task InsertReferencesAsync()
    {
        await using var db = _storage.NewDbContext();
        var created = Binary(Created);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO TrafficPolicies (TrafficPolicyId, TrafficPolicyName, DefaultAction, MaxMessageSizeBytes, CreatedTimestamp, LastModifiedTimestamp)
            VALUES ('tp-existing', 'allow-all', 'Allow', NULL, {created}, {created});
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO RuleSets (RuleSetId, RuleSetName, CreatedTimestamp, LastModifiedTimestamp, Rules)
            VALUES ('rs-existing', 'drop-all', {created}, {created}, '[]');
            """);
    }

    // The row exactly as the single-port version stored it, written with SQL: its model no longer exists.
    private async Task InsertSinglePortEndpointAsync(string id, string name, string bindAddress, int port)
    {
        await InsertReferencesAsync();
        await using var db = _storage.NewDbContext();
        var created = Binary(Created);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO IngressPoints (IngressPointId, IngressPointName, Type, Status, StatusReason, DesiredStatus, TrafficPolicyId, RuleSetId,
                TlsPolicy, BindAddress, Port, SmtpPasswordHash, SecretId, SmtpPasswordVersion, CreatedTimestamp, LastModifiedTimestamp)
            VALUES ({id}, {name}, 'Auth', 'Active', NULL, 'Active', 'tp-existing', 'rs-existing',
                'Required', {bindAddress}, {port}, 'pbkdf2-sha256$1$c2FsdA==$aGFzaA==', NULL, 3, {created}, {created});
            """);
    }

    private static long Binary(DateTimeOffset value) => (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(value)!;
}
