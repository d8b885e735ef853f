using Microsoft.EntityFrameworkCore;

namespace MailManager.Data.Tests;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();

    public Task InitializeAsync() => _storage.InitializeAsync();

    public Task DisposeAsync() => _storage.DisposeAsync();

    [Fact]
    public void The_committed_migrations_match_the_model()
    {
        using var db = _storage.NewDbContext();

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changed since the last migration: run 'dotnet ef migrations add <Name> --project src/MailManager.Data --output-dir Migrations'.");
    }

    [Fact]
    public async Task Start_applies_every_migration_to_a_new_database_file()
    {
        await using var db = _storage.NewDbContext();

        Assert.True(File.Exists(_storage.DatabasePath));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Migrating_again_on_the_next_start_changes_nothing()
    {
        await _storage.Services.MigrateStorageAsync();
        await using var db = _storage.NewDbContext();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }
}
