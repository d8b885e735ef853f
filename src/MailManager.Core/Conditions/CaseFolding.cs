namespace MailManager.Core.Conditions;

/// <summary>
/// Conditions compare addresses without regard to case. Folding each value once (to invariant lower case) lets every
/// comparison and hash lookup after it be ordinal, which is several times cheaper than case-insensitive comparison.
/// </summary>
public static class CaseFolding
{
    /// <summary>The longest value folded on the stack; longer ones (never a valid address) are folded on the heap.</summary>
    public const int StackLimit = 512;

    public static string Fold(string value) => value.ToLowerInvariant();

    /// <summary>Folds <paramref name="value"/> into <paramref name="buffer"/> (at least as long) and returns the folded part.</summary>
    public static ReadOnlySpan<char> Fold(ReadOnlySpan<char> value, Span<char> buffer)
    {
        int written = value.ToLowerInvariant(buffer);
        return buffer[..written];
    }
}
