using MailManager.Core.AddressLists;
using MailManager.Core.Common;
using MailManager.Core.Conditions;
using MailManager.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MailManager.Data.AddressLists;

/// <summary>A page of an address list's members, and how many match the filter in all.</summary>
public sealed record MemberPage(IReadOnlyList<SavedAddress> Addresses, int TotalCount);

/// <summary>
/// Address lists (SES <c>CreateAddressList</c>, <c>DeleteAddressList</c>, …), their members
/// (<c>RegisterMemberToAddressList</c>, <c>ListMembersOfAddressList</c>, …) and import jobs
/// (<c>CreateAddressListImportJob</c>, <c>StartAddressListImportJob</c>, …). Import jobs run in
/// <see cref="AddressListImportWorker"/>. Every change of members moves the list's revision and the configuration
/// version, so endpoints compile the new members for their next session.
/// </summary>
public sealed class AddressListService(
    IDbContextFactory<MailManagerDbContext> dbFactory,
    IOptions<StorageOptions> storage,
    AddressListImportWorker importer,
    ConfigurationVersion configuration,
    TimeProvider time)
{
    /// <summary>Failed lines kept per import job: enough to fix a file, bounded whatever the file holds.</summary>
    public const int MaxStoredFailures = 1_000;

    /// <summary>The largest import file accepted: 100,000 members of 320 characters fit, with room for other columns.</summary>
    public const long MaxImportFileBytes = 64L * 1024 * 1024;

    /// <summary>SES <c>ListMembersOfAddressList</c> <c>PageSize</c>: 1 to 1000.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>Orders replacing a job's file (its upload URL) with starting the job.</summary>
    private readonly SemaphoreSlim _importFileGate = new(1, 1);

    // The last code point: prefix + this is above every string that starts with prefix, in SQLite's binary order.
    private const string AfterEveryContinuation = "\U0010FFFF";

    public async Task<IReadOnlyList<AddressList>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AddressLists.AsNoTracking().OrderBy(l => l.AddressListName).ToListAsync(ct);
    }

    public async Task<AddressList?> GetAsync(string addressListId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AddressLists.AsNoTracking().FirstOrDefaultAsync(l => l.AddressListId == addressListId, ct);
    }

    public async Task<SaveResult> CreateAsync(AddressListDraft draft, CancellationToken ct = default)
    {
        var errors = AddressListValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.AddressLists.AnyAsync(l => l.AddressListName == draft.Name, ct))
        {
            return SaveResult.Conflict(nameof(AddressListDraft.Name), $"An address list named '{draft.Name}' already exists.");
        }
        if (await db.AddressLists.CountAsync(ct) >= AddressListValidator.MaxAddressLists)
        {
            return SaveResult.QuotaExceeded("", $"There are already {AddressListValidator.MaxAddressLists} address lists, the most allowed. Delete one first.");
        }

        var now = time.GetUtcNow();
        var list = new AddressList
        {
            AddressListId = ResourceId.New(ResourceId.AddressListPrefix),
            AddressListName = draft.Name,
            CreatedTimestamp = now,
            LastUpdatedTimestamp = now,
        };
        db.AddressLists.Add(list);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return SaveResult.Saved(list.AddressListId);
    }

    /// <summary>Deletes the list with its members and import jobs; refused while a traffic policy's condition names it.</summary>
    public async Task<DeleteResult> DeleteAsync(string addressListId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // At most 100 policies of 20 statements: checked here rather than in SQL over the statements' JSON.
        var users = (await db.TrafficPolicies.AsNoTracking().ToListAsync(ct))
            .Where(p => p.PolicyStatements.SelectMany(s => s.Conditions).Any(c => c.BooleanExpression?.AddressListId == addressListId))
            .Select(p => p.TrafficPolicyName)
            .ToList();
        if (users.Count > 0)
        {
            return DeleteResult.Refused($"This address list is used by traffic policy {Names.Quoted(users)}. Remove its conditions on the list first.");
        }
        var ruleSets = (await db.RuleSets.AsNoTracking().ToListAsync(ct))
            .Where(rs => rs.ReferencedAddressListIds.Contains(addressListId)).Select(rs => rs.RuleSetName).ToList();
        if (ruleSets.Count > 0)
        {
            return DeleteResult.Refused($"This address list is used by rule set {Names.Quoted(ruleSets)}. Remove its conditions on the list first.");
        }

        var jobIds = await db.ImportJobs.Where(j => j.AddressListId == addressListId).Select(j => j.JobId).ToListAsync(ct);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await db.ImportJobFailures.Where(f => jobIds.Contains(f.JobId)).ExecuteDeleteAsync(ct);
            await db.ImportJobs.Where(j => j.AddressListId == addressListId).ExecuteDeleteAsync(ct);
            await db.AddressListMembers.Where(m => m.AddressListId == addressListId).ExecuteDeleteAsync(ct);
            await db.ResourceTags.Where(t => t.ResourceId == addressListId).ExecuteDeleteAsync(ct);
            await db.DeleteConfigurationAsync(db.AddressLists.Where(l => l.AddressListId == addressListId), ct);
            await transaction.CommitAsync(ct);
        }
        foreach (var jobId in jobIds)
        {
            DeleteImportFile(jobId);
        }
        return DeleteResult.Done;
    }

    /// <summary>Adds one member (SES <c>RegisterMemberToAddressList</c>); a member already there, in any case, is refused.</summary>
    public async Task<SaveResult> RegisterMemberAsync(string addressListId, AddressListMemberDraft draft, CancellationToken ct = default)
    {
        var errors = AddressListValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }

        var address = draft.Address.Trim();
        var folded = CaseFolding.Fold(address);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // BEGIN IMMEDIATE: the count and the insert see the same members.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.AddressLists.AnyAsync(l => l.AddressListId == addressListId, ct))
        {
            return SaveResult.NotFound("address list");
        }
        var existing = await db.AddressListMembers.AsNoTracking()
            .Where(m => m.AddressListId == addressListId && m.FoldedAddress == folded).Select(m => m.Address).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return SaveResult.Conflict(nameof(AddressListMemberDraft.Address), existing == address
                ? $"'{address}' is already in this address list."
                : $"'{address}' is already in this address list, as '{existing}' (members ignore case).");
        }
        if (await db.AddressListMembers.CountAsync(m => m.AddressListId == addressListId, ct) >= AddressListValidator.MaxMembers)
        {
            return SaveResult.QuotaExceeded(nameof(AddressListMemberDraft.Address), $"This address list already holds {AddressListValidator.MaxMembers:N0} addresses, the most allowed.");
        }

        var now = time.GetUtcNow();
        db.AddressListMembers.Add(new AddressListMember { AddressListId = addressListId, FoldedAddress = folded, Address = address, CreatedTimestamp = now });
        await db.SaveChangesAsync(ct);
        await TouchAsync(db, addressListId, now, ct);
        await transaction.CommitAsync(ct);
        configuration.Bump();
        return SaveResult.Saved(addressListId);
    }

    /// <summary>Removes the members given (as listed, any case; SES <c>DeregisterMemberFromAddressList</c>); returns how many were there.</summary>
    public async Task<int> DeregisterMembersAsync(string addressListId, IReadOnlyCollection<string> addresses, CancellationToken ct = default)
    {
        var folded = addresses.Select(a => CaseFolding.Fold(a.Trim())).Distinct(StringComparer.Ordinal).ToList();
        if (folded.Count == 0)
        {
            return 0;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.AddressListMembers.Where(m => m.AddressListId == addressListId && folded.Contains(m.FoldedAddress)).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            await TouchAsync(db, addressListId, time.GetUtcNow(), ct);
        }
        await transaction.CommitAsync(ct);
        if (removed > 0)
        {
            configuration.Bump();
        }
        return removed;
    }

    /// <summary>SES <c>GetMemberOfAddressList</c>: the member as entered, found ignoring case.</summary>
    public async Task<SavedAddress?> GetMemberAsync(string addressListId, string address, CancellationToken ct = default)
    {
        var folded = CaseFolding.Fold(address.Trim());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AddressListMembers.AsNoTracking()
            .Where(m => m.AddressListId == addressListId && m.FoldedAddress == folded)
            .Select(m => new SavedAddress(m.Address, m.CreatedTimestamp))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A page of members in address order (SES <c>ListMembersOfAddressList</c>), optionally only those starting with
    /// <paramref name="addressPrefix"/> (ignoring case), with the number that match in all.
    /// </summary>
    public async Task<MemberPage> ListMembersAsync(string addressListId, string? addressPrefix, int skip, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = MembersQuery(db, addressListId, addressPrefix);
        var total = await members.CountAsync(ct);
        var page = await members.OrderBy(m => m.FoldedAddress).Skip(Math.Max(0, skip)).Take(take)
            .Select(m => new SavedAddress(m.Address, m.CreatedTimestamp))
            .ToListAsync(ct);
        return new MemberPage(page, total);
    }

    /// <summary>
    /// The next <paramref name="take"/> members in address order after <paramref name="afterAddress"/> (any case), for
    /// the API's <c>NextToken</c>: pages neither skip nor repeat members when others are added or removed in between.
    /// Up to one more than the largest page, so that the caller can tell whether another page follows.
    /// </summary>
    public async Task<IReadOnlyList<SavedAddress>> ListMembersAfterAsync(string addressListId, string? addressPrefix, string? afterAddress, int take, CancellationToken ct = default)
    {
        take = Math.Clamp(take, 1, MaxPageSize + 1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = MembersQuery(db, addressListId, addressPrefix);
        if (afterAddress is not null)
        {
            var after = CaseFolding.Fold(afterAddress);
            members = members.Where(m => string.Compare(m.FoldedAddress, after) > 0);
        }
        return await members.OrderBy(m => m.FoldedAddress).Take(take)
            .Select(m => new SavedAddress(m.Address, m.CreatedTimestamp))
            .ToListAsync(ct);
    }

    public async Task<int> CountMembersAsync(string addressListId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AddressListMembers.CountAsync(m => m.AddressListId == addressListId, ct);
    }

    /// <summary>
    /// The members of a list, narrowed to a prefix as a range of the key (folded ≥ prefix and below prefix + the
    /// last code point) so SQLite searches the index instead of scanning with LIKE.
    /// </summary>
    internal static IQueryable<AddressListMember> MembersQuery(MailManagerDbContext db, string addressListId, string? addressPrefix)
    {
        var members = db.AddressListMembers.AsNoTracking().Where(m => m.AddressListId == addressListId);
        if (!string.IsNullOrWhiteSpace(addressPrefix))
        {
            var from = CaseFolding.Fold(addressPrefix.Trim());
            var to = from + AfterEveryContinuation;
            members = members.Where(m => string.Compare(m.FoldedAddress, from) >= 0 && string.Compare(m.FoldedAddress, to) < 0);
        }
        return members;
    }

    /// <summary>
    /// SES <c>CreateAddressListImportJob</c>: the job in state Created with its file saved in the data folder
    /// (where SES has the client PUT it to a pre-signed URL). <see cref="StartImportJobAsync"/> starts it.
    /// </summary>
    public async Task<SaveResult> CreateImportJobAsync(string addressListId, ImportJobDraft draft, Stream content, CancellationToken ct = default)
    {
        var errors = AddressListValidator.Validate(draft);
        if (!errors.IsValid)
        {
            return SaveResult.Invalid(errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.AddressLists.AnyAsync(l => l.AddressListId == addressListId, ct))
        {
            return SaveResult.NotFound("address list");
        }

        var jobId = ResourceId.New(ResourceId.ImportJobPrefix);
        var path = ImportFilePath(jobId);
        // Members are personal data (SES marks them sensitive): only the service account reads the uploads.
        DataDirectory.EnsurePrivate(Path.GetDirectoryName(path)!);
        if (!await WriteImportFileAsync(path, content, FileMode.CreateNew, ct))
        {
            return SaveResult.Invalid("File", $"The file is larger than {MaxImportFileBytes / 1024 / 1024} MB.");
        }

        db.ImportJobs.Add(new ImportJob
        {
            JobId = jobId,
            AddressListId = addressListId,
            Name = draft.Name.Trim(),
            ImportDataFormat = draft.ImportDataFormat,
            Status = ImportJobStatus.Created,
            CreatedTimestamp = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return SaveResult.Saved(jobId);
    }

    /// <summary>
    /// The upload to SES's pre-signed URL: replaces the file of a job not yet started. The file is written beside the
    /// old one and moved over it, so a failed upload leaves the job as it was.
    /// </summary>
    public async Task<SaveResult> ReplaceImportFileAsync(string jobId, Stream content, CancellationToken ct = default)
    {
        var job = await GetImportJobAsync(jobId, ct);
        if (job is null)
        {
            return SaveResult.NotFound("import job");
        }
        if (job.Status != ImportJobStatus.Created)
        {
            return JobStarted();
        }
        var path = ImportFilePath(jobId);
        // Each upload its own file, so that uploads at once neither share nor delete each other's.
        var upload = $"{path}.{Guid.NewGuid():N}.upload";
        if (!await WriteImportFileAsync(upload, content, FileMode.CreateNew, ct))
        {
            return SaveResult.Invalid("File", $"The file is larger than {MaxImportFileBytes / 1024 / 1024} MB.");
        }
        // The file changes only while the job is still Created: a start waits for a move in progress, and a move
        // after a start is refused, so the worker never reads a file that is being replaced.
        await _importFileGate.WaitAsync(ct);
        try
        {
            if ((await GetImportJobAsync(jobId, ct))?.Status != ImportJobStatus.Created)
            {
                File.Delete(upload);
                return JobStarted();
            }
            File.Move(upload, path, overwrite: true);
        }
        finally
        {
            _importFileGate.Release();
        }
        return SaveResult.Saved(jobId);
    }

    private static SaveResult JobStarted() =>
        SaveResult.Conflict("", "This import job has already been started; its file can no longer change.");

    /// <summary>Copies <paramref name="content"/> to <paramref name="path"/>; false, with nothing left, when it is too large.</summary>
    private static async Task<bool> WriteImportFileAsync(string path, Stream content, FileMode mode, CancellationToken ct)
    {
        try
        {
            await using (var file = new FileStream(path, mode, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                long length = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    length += read;
                    if (length > MaxImportFileBytes)
                    {
                        throw new InvalidDataException();
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
                await file.FlushAsync(ct);
            }
            return true;
        }
        catch (InvalidDataException)
        {
            File.Delete(path);
            return false;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>SES <c>StartAddressListImportJob</c>: a Created job goes to Processing and the worker takes it up.</summary>
    public async Task<SaveResult> StartImportJobAsync(string jobId, CancellationToken ct = default)
    {
        await _importFileGate.WaitAsync(ct);
        try
        {
            return await StartAsync(jobId, ct);
        }
        finally
        {
            _importFileGate.Release();
        }
    }

    private async Task<SaveResult> StartAsync(string jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var started = await db.ImportJobs.Where(j => j.JobId == jobId && j.Status == ImportJobStatus.Created)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Processing).SetProperty(j => j.StartTimestamp, time.GetUtcNow()), ct);
        if (started == 0)
        {
            return await db.ImportJobs.AnyAsync(j => j.JobId == jobId, ct)
                ? SaveResult.Invalid("", "This import job has already been started.")
                : SaveResult.NotFound("import job");
        }
        importer.Wake();
        return SaveResult.Saved(jobId);
    }

    /// <summary>
    /// SES <c>StopAddressListImportJob</c>: a job not yet finished is Stopped; the worker sees it before its next
    /// batch, and what earlier batches imported stays.
    /// </summary>
    public async Task<SaveResult> StopImportJobAsync(string jobId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Task<int> StopAsync(ImportJobStatus status) => db.ImportJobs.Where(j => j.JobId == jobId && j.Status == status)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Stopped).SetProperty(j => j.CompletedTimestamp, time.GetUtcNow()), ct);
        if (await StopAsync(ImportJobStatus.Created) > 0)
        {
            // The worker never opened it, so it will not clean it up.
            DeleteImportFile(jobId);
            return SaveResult.Saved(jobId);
        }
        if (await StopAsync(ImportJobStatus.Processing) == 0)
        {
            return await db.ImportJobs.AnyAsync(j => j.JobId == jobId, ct)
                ? SaveResult.Invalid("", "This import job has already finished.")
                : SaveResult.NotFound("import job");
        }
        return SaveResult.Saved(jobId);
    }

    public async Task<ImportJob?> GetImportJobAsync(string jobId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.JobId == jobId, ct);
    }

    /// <summary>SES <c>ListAddressListImportJobs</c>: the list's jobs, newest first.</summary>
    public async Task<IReadOnlyList<ImportJob>> ListImportJobsAsync(string addressListId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportJobs.AsNoTracking().Where(j => j.AddressListId == addressListId)
            .OrderByDescending(j => j.CreatedTimestamp).ThenByDescending(j => j.JobId).ToListAsync(ct);
    }

    /// <summary>The lines of the job's file that added nothing, in line order (the first <see cref="MaxStoredFailures"/>).</summary>
    public async Task<IReadOnlyList<ImportJobFailure>> ListImportJobFailuresAsync(string jobId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ImportJobFailures.AsNoTracking().Where(f => f.JobId == jobId).OrderBy(f => f.LineNumber)
            .Select(f => new ImportJobFailure(f.LineNumber, f.Reason)).ToListAsync(ct);
    }

    internal string ImportFilePath(string jobId) => AddressListImportWorker.ImportFilePath(storage.Value, jobId);

    private void DeleteImportFile(string jobId)
    {
        var path = ImportFilePath(jobId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static Task<int> TouchAsync(MailManagerDbContext db, string addressListId, DateTimeOffset now, CancellationToken ct) =>
        db.AddressLists.Where(l => l.AddressListId == addressListId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.MembersRevision, l => l.MembersRevision + 1).SetProperty(l => l.LastUpdatedTimestamp, now), ct);
}
