namespace MailManager.Core.AddressLists;

/// <summary>
/// SES <c>AddressList</c>: a named set of addresses and domains (wildcards allowed) that traffic policy and rule
/// conditions test recipients against. Its name is set at creation; SES has no operation to rename it.
/// </summary>
public sealed class AddressList
{
    public string AddressListId { get; set; } = "";
    public string AddressListName { get; set; } = "";
    public DateTimeOffset CreatedTimestamp { get; set; }
    public DateTimeOffset LastUpdatedTimestamp { get; set; }

    /// <summary>
    /// Moves on every change of the members, so what keeps the members compiled in memory rebuilds only the lists
    /// that changed (timestamps can repeat within a clock tick; this cannot).
    /// </summary>
    public long MembersRevision { get; set; }
}

/// <summary>SES <c>SavedAddress</c>: a member of an address list as entered, and when it was added.</summary>
public sealed record SavedAddress(string Address, DateTimeOffset CreatedTimestamp);

/// <summary>What the create form asks for (SES <c>CreateAddressList</c>).</summary>
public sealed class AddressListDraft
{
    public string Name { get; set; } = "";
}

/// <summary>One member to add (SES <c>RegisterMemberToAddressList</c>).</summary>
public sealed class AddressListMemberDraft
{
    public string Address { get; set; } = "";
}
