namespace MailManager.Data.AddressLists;

/// <summary>
/// A stored member of an address list: as entered (what the console shows) and case-folded (what is unique,
/// looked up and searched by prefix). The key (list, folded address) is the index every lookup, prefix search and
/// page of members uses, so none of them scans the list.
/// </summary>
public sealed class AddressListMember
{
    public string AddressListId { get; set; } = "";
    public string FoldedAddress { get; set; } = "";
    public string Address { get; set; } = "";
    public DateTimeOffset CreatedTimestamp { get; set; }
}

/// <summary>A line of an import file that added nothing (stored for the first <see cref="AddressListService.MaxStoredFailures"/>).</summary>
public sealed class ImportJobFailureRow
{
    public string JobId { get; set; } = "";
    public int LineNumber { get; set; }
    public string Reason { get; set; } = "";
}
