using MailManager.Core.Common;

namespace MailManager.Core.Tests.Common;

public sealed class ResourceIdTests
{
    [Theory]
    [InlineData(ResourceId.TrafficPolicyPrefix)]
    [InlineData(ResourceId.RuleSetPrefix)]
    [InlineData(ResourceId.IngressPointPrefix)]
    [InlineData(ResourceId.RelayPrefix)]
    [InlineData(ResourceId.SecretPrefix)]
    public void New_ids_have_the_prefix_and_26_lowercase_letters_and_digits(string prefix)
    {
        var id = ResourceId.New(prefix);

        Assert.Matches($"^{prefix}-[a-z0-9]{{26}}$", id);
        Assert.True(ResourceId.IsWellFormed(id, prefix));
    }

    [Fact]
    public void New_ids_do_not_repeat()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ResourceId.New("tp")).ToHashSet();

        Assert.Equal(10_000, ids.Count);
    }

    [Theory]
    [InlineData("tp-00000000000000000000000000", true)]
    [InlineData("tp-0000000000000000000000000", false)]
    [InlineData("rs-00000000000000000000000000", false)]
    [InlineData("tp-ABCDEFGHIJKLMNOPQRSTUVWXYZ", false)]
    [InlineData(null, false)]
    public void Well_formed_checks_prefix_length_and_alphabet(string? id, bool expected) =>
        Assert.Equal(expected, ResourceId.IsWellFormed(id, "tp"));
}
