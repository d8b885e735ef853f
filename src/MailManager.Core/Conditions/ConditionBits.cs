namespace MailManager.Core.Conditions;

/// <summary>
/// The results of a compiled set of conditions for one subject, one bit per condition (condition <c>c</c> is bit
/// <c>c % 64</c> of word <c>c / 64</c>). Operand indexes set the bits of the conditions they hold; a statement or rule
/// holds when every bit of its mask is set. Kept in a stack buffer, so evaluating allocates nothing.
/// </summary>
public static class ConditionBits
{
    /// <summary>The most words evaluated on the stack: 8,192 conditions, far above any quota.</summary>
    public const int StackLimit = 128;

    public static int WordsFor(int conditions) => (conditions + 63) >> 6;

    public static void Set(Span<ulong> bits, int condition) => bits[condition >> 6] |= 1UL << (condition & 63);

    public static bool IsSet(ReadOnlySpan<ulong> bits, int condition) => (bits[condition >> 6] & (1UL << (condition & 63))) != 0;

    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            target[i] |= row[i];
        }
    }

    public static void Xor(Span<ulong> target, ReadOnlySpan<ulong> row)
    {
        for (int i = 0; i < row.Length; i++)
        {
            target[i] ^= row[i];
        }
    }

    /// <summary>Whether every bit of <paramref name="mask"/> is set in <paramref name="bits"/>.</summary>
    public static bool ContainsAll(ReadOnlySpan<ulong> bits, ReadOnlySpan<ulong> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            if ((bits[i] & mask[i]) != mask[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether any bit of <paramref name="mask"/> is set in <paramref name="bits"/>.</summary>
    public static bool Intersects(ReadOnlySpan<ulong> bits, ReadOnlySpan<ulong> mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            if ((bits[i] & mask[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The conditions whose operator negates (<c>NOT_EQUALS</c>, <c>NOT_CIDR_MATCHES</c>, <c>IS_FALSE</c>): operand
/// indexes set a condition's bit on a positive match, and these bits are flipped once all operands are matched.
/// </summary>
public sealed class NegatedConditions(int words)
{
    private readonly ulong[] _mask = new ulong[words];

    public void Add(int condition) => ConditionBits.Set(_mask, condition);

    public void Apply(Span<ulong> results) => ConditionBits.Xor(results, _mask);
}
