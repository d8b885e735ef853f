using MailManager.Api.Protocol;
using MailManager.Api.Resources;
using MailManager.Core.AddressLists;
using MailManager.Data.AddressLists;
using MailManager.Data.Common;

namespace MailManager.Api.Operations;

public sealed class ImportDataFormat
{
    public ImportDataType? ImportDataType { get; set; }
}

public sealed class AddressFilter
{
    public string? AddressPrefix { get; set; }
}

public sealed class AddressListRequest
{
    public string? ClientToken { get; set; }
    public string? AddressListId { get; set; }
    public string? AddressListName { get; set; }
    public string? Address { get; set; }
    public AddressFilter? Filter { get; set; }
    public string? JobId { get; set; }
    public string? Name { get; set; }
    public ImportDataFormat? ImportDataFormat { get; set; }
    public List<ApiTag>? Tags { get; set; }
    public string? NextToken { get; set; }
    public int? PageSize { get; set; }
}

public sealed class AddressListApi(AddressListService lists, ApiArns arns, ImportUploads uploads)
{
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        [nameof(AddressListDraft.Name)] = "AddressListName",
    };

    public AddressListService Lists => lists;

    public ImportUploads Uploads => uploads;

    public string Id(string? idOrArn) => arns.Id(ApiResourceType.AddressList, idOrArn, "AddressListId");

    public async Task<AddressList> GetAsync(string? idOrArn, CancellationToken ct)
    {
        var id = Id(idOrArn);
        return await lists.GetAsync(id, ct) ?? throw ApiException.NotFound($"Address list {id} does not exist.");
    }

    public async Task<ImportJob> GetJobAsync(string? jobId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            throw ApiException.Validation("JobId: a value is required.");
        }
        return await lists.GetImportJobAsync(jobId, ct) ?? throw ApiException.NotFound($"Import job {jobId} does not exist.");
    }

    /// <summary>Starts or stops a job; a job already past that point is a ConflictException, as SES answers.</summary>
    public async Task<object?> ChangeJobAsync(ApiCall call, string? jobId, Func<string, CancellationToken, Task<SaveResult>> change, CancellationToken ct)
    {
        var job = await GetJobAsync(jobId, ct);
        call.ResourceId = job.JobId;
        var result = await change(job.JobId, ct);
        if (!result.Succeeded && !result.IsNotFound)
        {
            throw ApiException.Conflict(ApiResults.Describe(result.Errors));
        }
        ApiResults.Saved(result);
        return null;
    }

    public object Describe(AddressList list) => new
    {
        list.AddressListId,
        AddressListArn = arns.For(ApiResourceType.AddressList, list.AddressListId),
        list.AddressListName,
        list.CreatedTimestamp,
        list.LastUpdatedTimestamp,
    };

    public object Describe(ImportJob job, Uri origin) => new
    {
        job.JobId,
        job.Name,
        job.Status,
        PreSignedUrl = job.Status == ImportJobStatus.Created ? uploads.UrlFor(job.JobId, origin) : null,
        job.ImportedItemsCount,
        job.FailedItemsCount,
        ImportDataFormat = new { ImportDataType = job.ImportDataFormat },
        job.AddressListId,
        job.CreatedTimestamp,
        job.StartTimestamp,
        job.CompletedTimestamp,
        job.Error,
    };
}

public sealed class CreateAddressList(AddressListApi api, ApiCreates creates) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var draft = new AddressListDraft { Name = request.AddressListName ?? throw ApiException.Validation("AddressListName: a value is required.") };
        var id = await creates.CreateAsync(call, request.ClientToken, request.Tags,
            async () => ApiResults.Saved(await api.Lists.CreateAsync(draft, ct), AddressListApi.Fields), ct);
        return new { AddressListId = id };
    }
}

public sealed class GetAddressList(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct) =>
        api.Describe(await api.GetAsync(request.AddressListId, ct));
}

public sealed class ListAddressLists(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var (page, next) = Paging.Page(await api.Lists.ListAsync(ct), l => l.AddressListId, request.NextToken, request.PageSize);
        return new { AddressLists = page.Select(api.Describe), NextToken = next };
    }
}

public sealed class DeleteAddressList(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var id = api.Id(request.AddressListId);
        call.ResourceId = id;
        ApiResults.Deleted(await api.Lists.DeleteAsync(id, ct));
        return null;
    }
}

public sealed class RegisterMemberToAddressList(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var id = call.ResourceId = api.Id(request.AddressListId);
        var draft = new AddressListMemberDraft { Address = request.Address ?? throw ApiException.Validation("Address: a value is required.") };
        ApiResults.Saved(await api.Lists.RegisterMemberAsync(id, draft, ct));
        return null;
    }
}

public sealed class DeregisterMemberFromAddressList(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var list = await api.GetAsync(request.AddressListId, ct);
        call.ResourceId = list.AddressListId;
        var address = request.Address ?? throw ApiException.Validation("Address: a value is required.");
        if (await api.Lists.DeregisterMembersAsync(list.AddressListId, [address], ct) == 0)
        {
            throw ApiException.NotFound($"'{address}' is not a member of address list {list.AddressListId}.");
        }
        return null;
    }
}

public sealed class GetMemberOfAddressList(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var list = await api.GetAsync(request.AddressListId, ct);
        var address = request.Address ?? throw ApiException.Validation("Address: a value is required.");
        return await api.Lists.GetMemberAsync(list.AddressListId, address, ct) is { } member
            ? new { member.Address, member.CreatedTimestamp }
            : throw ApiException.NotFound($"'{address}' is not a member of address list {list.AddressListId}.");
    }
}

public sealed class ListMembersOfAddressList(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var list = await api.GetAsync(request.AddressListId, ct);
        var size = request.PageSize ?? 100;
        if (size is < 1 or > AddressListService.MaxPageSize)
        {
            throw ApiException.Validation($"PageSize: must be between 1 and {AddressListService.MaxPageSize}.");
        }
        // Paged in address order after the last address returned, by the same tokens as the other lists.
        var after = Paging.KeyAfter(request.NextToken);
        // One more than asked for tells whether there is a next page.
        var page = await api.Lists.ListMembersAfterAsync(list.AddressListId, request.Filter?.AddressPrefix, after, size + 1, ct);
        var next = page.Count > size ? Paging.TokenAfter(page[size - 1].Address) : null;
        return new { Addresses = page.Take(size).Select(a => new { a.Address, a.CreatedTimestamp }), NextToken = next };
    }
}

public sealed class CreateAddressListImportJob(AddressListApi api, ApiCreates creates) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var list = await api.GetAsync(request.AddressListId, ct);
        var draft = new ImportJobDraft
        {
            Name = request.Name ?? throw ApiException.Validation("Name: a value is required."),
            ImportDataFormat = request.ImportDataFormat?.ImportDataType ?? throw ApiException.Validation("ImportDataFormat.ImportDataType: CSV or JSON is required."),
        };
        // The file comes later, with a PUT to the returned URL, as SES has it uploaded to S3.
        var jobId = await creates.CreateAsync(call, request.ClientToken, null,
            async () => ApiResults.Saved(await api.Lists.CreateImportJobAsync(list.AddressListId, draft, Stream.Null, ct)), ct);
        return new { JobId = jobId, PreSignedUrl = api.Uploads.UrlFor(jobId, call.Origin) };
    }
}

public sealed class StartAddressListImportJob(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct) =>
        await api.ChangeJobAsync(call, request.JobId, api.Lists.StartImportJobAsync, ct);
}

public sealed class StopAddressListImportJob(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct) =>
        await api.ChangeJobAsync(call, request.JobId, api.Lists.StopImportJobAsync, ct);
}

public sealed class GetAddressListImportJob(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct) =>
        api.Describe(await api.GetJobAsync(request.JobId, ct), call.Origin);
}

public sealed class ListAddressListImportJobs(AddressListApi api) : ApiOperation<AddressListRequest>
{
    protected override async Task<object?> HandleAsync(ApiCall call, AddressListRequest request, CancellationToken ct)
    {
        var list = await api.GetAsync(request.AddressListId, ct);
        var (page, next) = Paging.Page(await api.Lists.ListImportJobsAsync(list.AddressListId, ct), j => j.JobId, request.NextToken, request.PageSize);
        return new { ImportJobs = page.Select(j => api.Describe(j, call.Origin)), NextToken = next };
    }
}
