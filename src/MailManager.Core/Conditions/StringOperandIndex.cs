using System.Collections.Frozen;

namespace MailManager.Core.Conditions;

/// <summary>
/// Every string condition on one operand (a recipient, a header) compiled into shared indexes, so that one subject
/// is checked against all of them at once: one hash lookup answers every <c>EQUALS</c> and <c>NOT_EQUALS</c>
/// condition, one lookup per distinct value length every <c>STARTS_WITH</c> and <c>ENDS_WITH</c>, and each distinct
/// <c>CONTAINS</c> value is searched once however many conditions name it. A condition holds when any of its values
/// matches (for <c>NOT_EQUALS</c>, when none does), as <see cref="StringMatcher"/> decides for one condition; the
/// subject is compared folded with <see cref="CaseFolding"/>.
/// </summary>
public sealed class StringOperandIndex
{
    private readonly FrozenDictionary<string, ulong[]>.AlternateLookup<ReadOnlySpan<char>> _equal;
    private readonly bool _hasEqual;
    private readonly LengthTable[] _prefixes;
    private readonly LengthTable[] _suffixes;
    private readonly (string Value, ulong[] Row)[] _contained;

    private StringOperandIndex(Builder builder)
    {
        _hasEqual = builder.Equal.Count > 0;
        _equal = builder.Equal.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixes = LengthTable.From(builder.Prefixes);
        _suffixes = LengthTable.From(builder.Suffixes);
        _contained = [.. builder.Contained.Select(p => (p.Key, p.Value))];
    }

    /// <summary>Sets the bits of the conditions a value of which matches <paramref name="folded"/> (already case-folded).</summary>
    public void Match(ReadOnlySpan<char> folded, Span<ulong> results)
    {
        if (_hasEqual && _equal.TryGetValue(folded, out ulong[]? row))
        {
            ConditionBits.Or(results, row);
        }

        foreach (LengthTable table in _prefixes)
        {
            if (table.Length > folded.Length)
            {
                break;
            }

            if (table.Values.TryGetValue(folded[..table.Length], out row))
            {
                ConditionBits.Or(results, row);
            }
        }

        foreach (LengthTable table in _suffixes)
        {
            if (table.Length > folded.Length)
            {
                break;
            }

            if (table.Values.TryGetValue(folded[^table.Length..], out row))
            {
                ConditionBits.Or(results, row);
            }
        }

        foreach ((string value, ulong[] contained) in _contained)
        {
            if (folded.Contains(value, StringComparison.Ordinal))
            {
                ConditionBits.Or(results, contained);
            }
        }
    }

    /// <summary>Collects the conditions of one compilation; condition numbers are shared with the other indexes.</summary>
    public sealed class Builder(int words, NegatedConditions negated)
    {
        internal Dictionary<string, ulong[]> Equal { get; } = new(StringComparer.Ordinal);
        internal Dictionary<string, ulong[]> Prefixes { get; } = new(StringComparer.Ordinal);
        internal Dictionary<string, ulong[]> Suffixes { get; } = new(StringComparer.Ordinal);
        internal Dictionary<string, ulong[]> Contained { get; } = new(StringComparer.Ordinal);

        public Builder Add(int condition, StringOperator @operator, IEnumerable<string> values)
        {
            Dictionary<string, ulong[]> table = @operator switch
            {
                StringOperator.Equals or StringOperator.NotEquals => Equal,
                StringOperator.StartsWith => Prefixes,
                StringOperator.EndsWith => Suffixes,
                StringOperator.Contains => Contained,
                _ => throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "Unknown string operator."),
            };
            int count = 0;
            foreach (string value in values.Select(CaseFolding.Fold))
            {
                if (!table.TryGetValue(value, out ulong[]? row))
                {
                    table[value] = row = new ulong[words];
                }

                ConditionBits.Set(row, condition);
                count++;
            }

            if (count == 0)
            {
                throw new ArgumentException("A string condition needs at least one value.", nameof(values));
            }

            if (@operator == StringOperator.NotEquals)
            {
                negated.Add(condition);
            }

            return this;
        }

        public StringOperandIndex Build() => new(this);
    }

    /// <summary>The values of one length, looked up by the subject's prefix or suffix of that length.</summary>
    private sealed class LengthTable(int length, FrozenDictionary<string, ulong[]> values)
    {
        public int Length { get; } = length;

        public FrozenDictionary<string, ulong[]>.AlternateLookup<ReadOnlySpan<char>> Values { get; } = values.GetAlternateLookup<ReadOnlySpan<char>>();

        public static LengthTable[] From(Dictionary<string, ulong[]> values) =>
        [
            .. values.GroupBy(v => v.Key.Length)
                .OrderBy(g => g.Key)
                .Select(g => new LengthTable(g.Key, g.ToFrozenDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal))),
        ];
    }
}
