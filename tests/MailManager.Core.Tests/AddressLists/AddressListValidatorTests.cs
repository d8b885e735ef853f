using MailManager.Core.AddressLists;

namespace MailManager.Core.Tests.AddressLists;

public sealed class AddressListValidatorTests
{
    [Theory]
    [InlineData("a", null)]
    [InlineData("allow-list_v2.0", null)]
    [InlineData("", "Enter a name.")]
    [InlineData("  ", "Enter a name.")]
    [InlineData("my list", "The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).")]
    [InlineData("list/1", "The name can contain only letters, numbers, periods (.), hyphens (-) and underscores (_).")]
    public void Address_list_names_follow_SES_AddressListName(string name, string? expected) =>
        Assert.Equal(expected, AddressListValidator.Validate(new AddressListDraft { Name = name }).For("Name").SingleOrDefault());

    [Fact]
    public void A_name_is_at_most_255_characters()
    {
        Assert.True(AddressListValidator.Validate(new AddressListDraft { Name = new string('a', 255) }).IsValid);
        Assert.Equal("The name must be 1 to 255 characters long.", Assert.Single(AddressListValidator.Validate(new AddressListDraft { Name = new string('a', 256) }).For("Name")));
    }

    [Theory]
    [InlineData("user@example.com", null)]
    [InlineData("  user@example.com ", null)]
    [InlineData("*@example.com", null)]
    [InlineData("user*@example.com", null)]
    [InlineData("example.com", null)]
    [InlineData("", "Enter an email address or a domain.")]
    [InlineData("ab", "An address list member has 3 to 320 characters.")]
    [InlineData("a*b*@example.com", "Use at most one * in an address list member.")]
    [InlineData("user name@example.com", "'user name@example.com' is not an email address or a domain.")]
    public void A_member_is_checked_by_the_member_rules_at_the_Address_field(string address, string? expected) =>
        Assert.Equal(expected, AddressListValidator.Validate(new AddressListMemberDraft { Address = address }).For("Address").SingleOrDefault());

    [Theory]
    [InlineData("import-1", ImportDataType.Csv, null, null)]
    [InlineData("Directory export, March", ImportDataType.Json, null, null)]
    [InlineData("", ImportDataType.Csv, "Enter a name for the import job.", null)]
    [InlineData("job", (ImportDataType)7, null, "Choose CSV or JSON.")]
    public void Import_jobs_need_a_name_and_a_format(string name, ImportDataType format, string? nameError, string? formatError)
    {
        var errors = AddressListValidator.Validate(new ImportJobDraft { Name = name, ImportDataFormat = format });

        Assert.Equal(nameError, errors.For("Name").SingleOrDefault());
        Assert.Equal(formatError, errors.For("ImportDataFormat").SingleOrDefault());
    }
}
