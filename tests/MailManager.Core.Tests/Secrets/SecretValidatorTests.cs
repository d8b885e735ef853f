using MailManager.Core.Secrets;

namespace MailManager.Core.Tests.Secrets;

public sealed class SecretValidatorTests
{
    private static SecretDraft Draft(params (string Key, string? Value, bool Stored)[] entries) => new()
    {
        Name = "relay-credentials",
        Entries = entries.Select(e => new SecretEntryDraft { Key = e.Key, Value = e.Value, IsStored = e.Stored }).ToList(),
    };

    [Fact]
    public void Username_and_password_pairs_are_valid() =>
        Assert.True(SecretValidator.Validate(Draft(("username", "u", false), ("password", "p", false))).IsValid);

    [Fact]
    public void A_secret_needs_at_least_one_pair() =>
        Assert.Single(SecretValidator.Validate(Draft()).For(nameof(SecretDraft.Entries)));

    [Fact]
    public void A_key_used_twice_is_refused_on_the_second_one()
    {
        var errors = SecretValidator.Validate(Draft(("password", "a", false), ("password", "b", false)));

        Assert.Empty(errors.For(SecretValidator.EntryKey(0)));
        Assert.Equal("The key 'password' is used twice.", Assert.Single(errors.For(SecretValidator.EntryKey(1))));
    }

    [Fact]
    public void A_new_pair_needs_a_value_but_a_stored_one_may_keep_its_value()
    {
        var errors = SecretValidator.Validate(Draft(("username", null, true), ("password", null, false)));

        Assert.Empty(errors.For(SecretValidator.EntryValue(0)));
        Assert.Equal("Enter a value.", Assert.Single(errors.For(SecretValidator.EntryValue(1))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ключ")]
    public void Keys_must_be_simple_identifiers(string key) =>
        Assert.Single(SecretValidator.Validate(Draft((key, "v", false))).For(SecretValidator.EntryKey(0)));
}
