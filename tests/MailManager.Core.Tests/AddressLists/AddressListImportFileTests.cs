using System.Text;
using MailManager.Core.AddressLists;

namespace MailManager.Core.Tests.AddressLists;

public sealed class AddressListImportFileTests
{
    private static List<ImportLine> Read(string content, ImportDataType format, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }
        return [.. AddressListImportFile.Read(new MemoryStream(bytes), format)];
    }

    private static string Show(ImportLine line) => $"{line.LineNumber}:{line.Address ?? "!" + line.Reason}";

    [Theory]
    [InlineData("address\na@example.com\nb@example.com\n", "2:a@example.com|3:b@example.com")]
    [InlineData("address\r\na@example.com\r\n", "2:a@example.com")]
    [InlineData("Address\n  a@example.com  \n", "2:a@example.com")]
    [InlineData("name,address\nAlice,a@example.com\n\"Bob, Jr.\",\"b@example.com\"\n", "2:a@example.com|3:b@example.com")]
    [InlineData("address\n\n   \na@example.com\n\n", "4:a@example.com")]
    [InlineData("\naddress\na@example.com", "3:a@example.com")]
    [InlineData("address\n\"*@example.com\"\n\"user*@example.com\"", "2:*@example.com|3:user*@example.com")]
    [InlineData("address,note\n\"a@example.com\",\"said \"\"hi\"\"\"\n", "2:a@example.com")]
    [InlineData("address\n", "")]
    public void Good_csv_lines_give_their_addresses_with_line_numbers(string content, string expected) =>
        Assert.Equal(expected, string.Join('|', Read(content, ImportDataType.Csv).Select(Show)));

    [Theory]
    [InlineData("address\nnot an address\n", "2:!'not an address' is not an email address or a domain.")]
    [InlineData("address\nab\n", "2:!An address list member has 3 to 320 characters.")]
    [InlineData("address\na*b*@example.com\n", "2:!Use at most one * in an address list member.")]
    [InlineData("name,address\nAlice\n", "2:!No address on this line.")]
    [InlineData("address\n\"a@example.com\n", "2:!A quoted field is not closed on this line.")]
    [InlineData("address\n\"a@example.com\"x\n", "2:!Unexpected characters after a quoted field.")]
    public void Bad_csv_lines_give_their_reason(string content, string expected) =>
        Assert.Equal(expected, string.Join('|', Read(content, ImportDataType.Csv).Select(Show)));

    [Fact]
    public void A_second_occurrence_ignoring_case_names_the_first_line()
    {
        var lines = Read("address\nUser@Example.com\nother@example.com\nuser@example.COM\n", ImportDataType.Csv);

        Assert.Equal(["2:User@Example.com", "3:other@example.com", "4:!Duplicate of line 2."], lines.Select(Show));
    }

    [Fact]
    public void A_byte_order_mark_before_the_header_is_ignored()
    {
        Assert.Equal(["2:a@example.com"], Read("address\na@example.com\n", ImportDataType.Csv, bom: true).Select(Show));
        Assert.Equal(["1:a@example.com"], Read("{\"items\":[{\"address\":\"a@example.com\"}]}", ImportDataType.Json, bom: true).Select(Show));
    }

    [Theory]
    [InlineData("a@example.com\nb@example.com\n", "Line 1: the first line must be the header row naming the 'address' column.")]
    [InlineData("email,name\na@example.com,A\n", "Line 1: the first line must be the header row naming the 'address' column.")]
    [InlineData("", "The file is empty: it needs the header row 'address', then one address per line.")]
    [InlineData("\n\n", "The file is empty: it needs the header row 'address', then one address per line.")]
    public void A_csv_file_without_its_header_row_cannot_be_imported(string content, string expected) =>
        Assert.Equal(expected, Assert.Throws<ImportFileException>(() => Read(content, ImportDataType.Csv)).Message);

    [Theory]
    [InlineData("{\"items\":[{\"address\":\"a@example.com\"},{\"address\":\"b@example.com\"}]}", "1:a@example.com|1:b@example.com")]
    [InlineData("{\n  \"items\": [\n    { \"address\": \"a@example.com\" },\n    { \"name\": \"B\", \"tags\": [1, {\"x\": 2}], \"address\": \"b@example.com\" }\n  ]\n}", "3:a@example.com|4:b@example.com")]
    [InlineData("{\"version\": {\"a\": [1,2]}, \"items\": []}", "")]
    [InlineData("{\"items\":[\n{\"address\":\"bad address\"},\n\"a@example.com\",\n{\"address\": 42},\n{\"name\":\"x\"},\n{\"address\":\"ok@example.com\"}]}",
        "2:!'bad address' is not an email address or a domain.|3:!Each item must be an object such as {\"address\":\"user@example.com\"}.|4:!The \"address\" of an item must be a string.|5:!The item has no \"address\".|6:ok@example.com")]
    [InlineData("{\"items\":[{\"address\":\"A@example.com\"},\n{\"address\":\"a@EXAMPLE.com\"}]}", "1:A@example.com|2:!Duplicate of line 1.")]
    public void Json_items_give_their_addresses_or_reasons_with_line_numbers(string content, string expected) =>
        Assert.Equal(expected, string.Join('|', Read(content, ImportDataType.Json).Select(Show)));

    [Theory]
    [InlineData("", "The file is empty. Expected {\"items\":[{\"address\":\"…\"}]}.")]
    [InlineData("[{\"address\":\"a@example.com\"}]", "Line 1: the file must be a JSON object. Expected {\"items\":[{\"address\":\"…\"}]}.")]
    [InlineData("{\"addresses\":[]}", "The file has no \"items\" array. Expected {\"items\":[{\"address\":\"…\"}]}.")]
    [InlineData("{\"items\":{}}", "Line 1: \"items\" must be an array. Expected {\"items\":[{\"address\":\"…\"}]}.")]
    [InlineData("{\"items\":[\n{\"address\":\"a@example.com\"},\n{\"address\": oops}]}", "Line 3: the file is not valid JSON. Expected {\"items\":[{\"address\":\"…\"}]}.")]
    public void A_json_file_of_another_shape_cannot_be_imported(string content, string expected) =>
        Assert.Equal(expected, Assert.Throws<ImportFileException>(() => Read(content, ImportDataType.Json)).Message);

    [Fact]
    public void The_lines_before_a_malformed_part_are_read_first()
    {
        var read = new List<ImportLine>();
        var bytes = Encoding.UTF8.GetBytes("{\"items\":[{\"address\":\"a@example.com\"},\n{\"address\": oops}]}");

        Assert.Throws<ImportFileException>(() => read.AddRange(AddressListImportFile.Read(new MemoryStream(bytes), ImportDataType.Json)));
        Assert.Equal(["1:a@example.com"], read.Select(Show));
    }

    [Theory]
    [InlineData(ImportDataType.Csv)]
    [InlineData(ImportDataType.Json)]
    public void A_large_file_streams_through_chunks_with_exact_line_numbers(ImportDataType format)
    {
        // 100,000 members: far more than one 64 KB read, so tokens and lines are cut at chunk edges.
        var text = new StringBuilder(format == ImportDataType.Csv ? "address\n" : "{\"items\":[\n");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append(format == ImportDataType.Csv ? $"user{i}@example.com\n" : $"{(i == 0 ? "" : ",")}{{\"address\":\"user{i}@example.com\"}}\n");
        }
        text.Append(format == ImportDataType.Csv ? "" : "]}");

        var lines = Read(text.ToString(), format);

        Assert.Equal(100_000, lines.Count);
        Assert.All(lines, l => Assert.True(l.IsMember));
        Assert.Equal("user99999@example.com", lines[^1].Address);
        Assert.Equal(100_001, lines[^1].LineNumber);
        Assert.Equal(2, lines[0].LineNumber);
    }
}
