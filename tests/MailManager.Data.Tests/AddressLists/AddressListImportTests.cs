using System.Diagnostics;
using System.Text;
using MailManager.Core.AddressLists;
using MailManager.Data.AddressLists;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace MailManager.Data.Tests.AddressLists;

/// <summary>Import jobs run by the worker on a real SQLite file (the test drives the worker instead of the host).</summary>
public sealed class AddressListImportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TemporaryStorage _storage = new();
    private AddressListService Lists => _storage.Get<AddressListService>();
    private AddressListImportWorker Worker => _storage.Get<AddressListImportWorker>();
    private string _listId = "";

    public async Task InitializeAsync()
    {
        await _storage.InitializeAsync();
        _listId = (await Lists.CreateAsync(new AddressListDraft { Name = "imported" })).Id!;
    }

    public Task DisposeAsync() => _storage.DisposeAsync();

    private async Task<string> StartAsync(Stream file, ImportDataType format = ImportDataType.Csv)
    {
        var job = await Lists.CreateImportJobAsync(_listId, new ImportJobDraft { Name = "upload", ImportDataFormat = format }, file);
        Assert.True(job.Succeeded, job.Errors.ToString());
        Assert.Equal(ImportJobStatus.Created, (await Lists.GetImportJobAsync(job.Id!))!.Status);
        Assert.True((await Lists.StartImportJobAsync(job.Id!)).Succeeded);
        return job.Id!;
    }

    private static MemoryStream Members(int count, int from = 0)
    {
        var text = new StringBuilder("address\n");
        for (var i = from; i < from + count; i++)
        {
            text.Append("user").Append(i).Append("@example.com\n");
        }
        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Fact]
    public async Task Good_lines_are_kept_and_bad_ones_listed_with_line_number_and_reason()
    {
        await Lists.RegisterMemberAsync(_listId, new AddressListMemberDraft { Address = "existing@example.com" });
        var version = _storage.Get<ConfigurationVersion>().Current;
        var jobId = await StartAsync(AddressListServiceTests.Csv(
            "name,address", "Alice,alice@example.com", "Bad,not an address", "", "Star,user*@example.com",
            "Again,ALICE@example.com", "Old,Existing@Example.com", "Domain,example.org"));

        await Worker.ProcessPendingAsync(default);

        var job = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(3, job.ImportedItemsCount);
        Assert.Equal(3, job.FailedItemsCount);
        Assert.Null(job.Error);
        Assert.NotNull(job.StartTimestamp);
        Assert.NotNull(job.CompletedTimestamp);
        Assert.Equal(
            [
                new ImportJobFailure(3, "'not an address' is not an email address or a domain."),
                new ImportJobFailure(6, "Duplicate of line 2."),
                new ImportJobFailure(7, "Already in the address list."),
            ],
            await Lists.ListImportJobFailuresAsync(jobId));
        Assert.Equal(["alice@example.com", "example.org", "existing@example.com", "user*@example.com"],
            (await Lists.ListMembersAsync(_listId, null, 0, 10)).Addresses.Select(a => a.Address));
        Assert.True(_storage.Get<ConfigurationVersion>().Current > version);
        Assert.False(File.Exists(Lists.ImportFilePath(jobId)));
        Assert.Equal([jobId], (await Lists.ListImportJobsAsync(_listId)).Select(j => j.JobId));
    }

    [Fact]
    public async Task A_file_without_its_header_fails_the_job_with_the_reason()
    {
        var jobId = await StartAsync(AddressListServiceTests.Csv("alice@example.com", "bob@example.com"));

        await Worker.ProcessPendingAsync(default);

        var job = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Equal("Line 1: the first line must be the header row naming the 'address' column.", job.Error);
        Assert.Equal(0, await Lists.CountMembersAsync(_listId));
    }

    [Fact]
    public async Task A_json_file_is_imported_and_one_malformed_part_keeps_what_came_before()
    {
        var json = "{\"items\":[\n{\"address\":\"a@example.com\"},\n{\"address\":\"b@example.com\"},\n{\"address\": oops}]}";
        var jobId = await StartAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), ImportDataType.Json);

        await Worker.ProcessPendingAsync(default);

        var job = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Equal(2, job.ImportedItemsCount);
        Assert.StartsWith("Line 4: the file is not valid JSON.", job.Error);
    }

    [Fact]
    public async Task Stop_is_honoured_between_batches_and_keeps_what_was_imported()
    {
        var jobId = await StartAsync(Members(5 * AddressListImportWorker.BatchSize));
        Worker.Progressed += id => Lists.StopImportJobAsync(id).GetAwaiter().GetResult();

        await Worker.ProcessPendingAsync(default);

        var job = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Stopped, job.Status);
        Assert.Equal(AddressListImportWorker.BatchSize, job.ImportedItemsCount);
        Assert.Equal(AddressListImportWorker.BatchSize, await Lists.CountMembersAsync(_listId));
        Assert.False((await Lists.StopImportJobAsync(jobId)).Succeeded);
        Assert.False((await Lists.StartImportJobAsync(jobId)).Succeeded);
    }

    [Fact]
    public async Task A_job_interrupted_mid_import_resumes_after_its_last_committed_line()
    {
        var jobId = await StartAsync(Members(3 * AddressListImportWorker.BatchSize + 10));
        using var shutdown = new CancellationTokenSource();
        void Interrupt(string _) => shutdown.Cancel();
        Worker.Progressed += Interrupt;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Worker.ProcessPendingAsync(shutdown.Token));
        Worker.Progressed -= Interrupt;
        var interrupted = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Processing, interrupted.Status);
        Assert.Equal(AddressListImportWorker.BatchSize, interrupted.ImportedItemsCount);
        Assert.Equal(AddressListImportWorker.BatchSize + 1, interrupted.ProcessedThroughLine);

        // The app after a restart: the worker takes up jobs still in Processing.
        await Worker.ProcessPendingAsync(default);

        var job = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(3 * AddressListImportWorker.BatchSize + 10, job.ImportedItemsCount);
        Assert.Equal(0, job.FailedItemsCount);
        Assert.Equal(3 * AddressListImportWorker.BatchSize + 10, await Lists.CountMembersAsync(_listId));
    }

    [Fact]
    public async Task Members_past_100000_fail_with_the_quota_and_at_most_1000_failed_lines_are_stored()
    {
        var jobId = await StartAsync(Members(AddressListValidator.MaxMembers + 1_500));
        var watch = Stopwatch.StartNew();

        await Worker.ProcessPendingAsync(default);

        output.WriteLine($"Imported {AddressListValidator.MaxMembers + 1_500:N0} lines in {watch.ElapsedMilliseconds:N0} ms");
        var job = (await Lists.GetImportJobAsync(jobId))!;
        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(AddressListValidator.MaxMembers, job.ImportedItemsCount);
        Assert.Equal(1_500, job.FailedItemsCount);
        var failures = await Lists.ListImportJobFailuresAsync(jobId);
        Assert.Equal(AddressListService.MaxStoredFailures, failures.Count);
        Assert.Equal(new ImportJobFailure(AddressListValidator.MaxMembers + 2, "The address list already holds 100,000 addresses, the most allowed."), failures[0]);
        Assert.Equal(AddressListValidator.MaxMembers, await Lists.CountMembersAsync(_listId));
    }

    [Fact]
    public async Task Every_hand_written_statement_prepares_against_the_migrated_schema()
    {
        await using var connection = new SqliteConnection($"Data Source={_storage.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        foreach (var sql in AddressListImportWorker.Statements.Concat([AddressListMatchers.RevisionsSql, AddressListMatchers.MembersSql]))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            // Preparing resolves every table and column named; a renamed one fails here, not in production.
            var exception = Record.Exception(command.Prepare);
            Assert.True(exception is null, $"{sql}: {exception?.Message}");
        }
    }
}
