using System.Collections.Frozen;

namespace MailManager.Core.Conditions;

/// <summary>
/// A string condition compiled once: true when the value matches any of the values (for <c>NOT_EQUALS</c>, when it
/// equals none of them), as SES documents for rule conditions with several values and applies to traffic policies
/// (inferred). Comparison ignores case: mail domains are case-insensitive, and administrators do not expect
/// <c>Ends with @Example.com</c> to miss <c>user@example.com</c> (inferred). The value is the envelope recipient exactly
/// as received, <c>+tag</c> included. Matching allocates nothing.
/// </summary>
public sealed class StringMatcher
{
    private readonly StringOperator _operator;
    private readonly string[] _values;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _equal;

    public StringMatcher(StringOperator @operator, IEnumerable<string> values)
    {
        if (!Enum.IsDefined(@operator))
        {
            throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "Unknown string operator.");
        }

        _operator = @operator;
        _values = [.. values.Select(CaseFolding.Fold)];
        if (_values.Length == 0)
        {
            throw new ArgumentException("A string condition needs at least one value.", nameof(values));
        }

        _equal = _values.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Matches(ReadOnlySpan<char> value)
    {
        Span<char> buffer = value.Length <= CaseFolding.StackLimit ? stackalloc char[value.Length] : new char[value.Length];
        return MatchesFolded(CaseFolding.Fold(value, buffer));
    }

    /// <summary><see cref="Matches"/> for a value already folded with <see cref="CaseFolding"/>.</summary>
    public bool MatchesFolded(ReadOnlySpan<char> value)
    {
        switch (_operator)
        {
            case StringOperator.Equals:
                return _equal.Contains(value);
            case StringOperator.NotEquals:
                return !_equal.Contains(value);
        }

        foreach (string operand in _values)
        {
            bool match = _operator switch
            {
                StringOperator.StartsWith => value.StartsWith(operand, StringComparison.Ordinal),
                StringOperator.EndsWith => value.EndsWith(operand, StringComparison.Ordinal),
                _ => value.Contains(operand, StringComparison.Ordinal),
            };
            if (match)
            {
                return true;
            }
        }

        return false;
    }
}
