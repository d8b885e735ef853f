using System.Net.Sockets;

namespace MailManager.Core.Conditions;

/// <summary>
/// Every CIDR condition of one address family compiled into one sorted list of elementary ranges (the address line cut
/// at every block's edges), each carrying the conditions whose blocks cover it: one binary search answers all of them.
/// A condition's bit is set when the address is in any of its blocks; <c>NOT_CIDR_MATCHES</c> conditions are flipped
/// by the compiler afterwards (<see cref="NegatedConditions"/>), so a condition with blocks of both families is
/// negated once. An address of the other family is in none. IPv4-mapped IPv6 senders count as IPv4 (see
/// <see cref="IpNumber"/>).
/// </summary>
public sealed class IpOperandIndex
{
    private readonly AddressFamily _family;
    private readonly UInt128[] _starts;
    private readonly ulong[][] _rows;

    private IpOperandIndex(AddressFamily family, UInt128[] starts, ulong[][] rows)
    {
        _family = family;
        _starts = starts;
        _rows = rows;
    }

    /// <summary>Sets the bits of the conditions a block of which contains <paramref name="address"/>.</summary>
    public void Match(IpNumber address, Span<ulong> results)
    {
        if (address.Family == _family && _starts.Length > 0)
        {
            // The last range starting at or before the address; ranges between blocks carry an empty row.
            int index = Array.BinarySearch(_starts, address.Value);
            if (index < 0)
            {
                index = ~index - 1;
            }

            if (index >= 0)
            {
                ConditionBits.Or(results, _rows[index]);
            }
        }
    }

    public sealed class Builder(AddressFamily family, int words)
    {
        private readonly List<(UInt128 First, UInt128 Last, int Condition)> _blocks = [];

        /// <summary>Adds a condition's blocks; throws <see cref="FormatException"/> on a block that is not a CIDR of the family.</summary>
        public Builder Add(int condition, IEnumerable<string> blocks)
        {
            int count = 0;
            foreach (string block in blocks)
            {
                if (!CidrSet.TryParseBlock(family, block, out UInt128 first, out UInt128 last))
                {
                    throw new FormatException($"'{block}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} CIDR block.");
                }

                _blocks.Add((first, last, condition));
                count++;
            }

            if (count == 0)
            {
                throw new ArgumentException("A CIDR condition needs at least one block.", nameof(blocks));
            }

            return this;
        }

        public IpOperandIndex Build()
        {
            // Cut points: every block's first address and the address after its last.
            SortedSet<UInt128> cuts = [];
            foreach ((UInt128 first, UInt128 last, _) in _blocks)
            {
                cuts.Add(first);
                if (last != UInt128.MaxValue)
                {
                    cuts.Add(last + 1);
                }
            }

            UInt128[] starts = [.. cuts];
            ulong[][] rows = new ulong[starts.Length][];
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = new ulong[words];
            }

            foreach ((UInt128 first, UInt128 last, int condition) in _blocks)
            {
                for (int i = Array.BinarySearch(starts, first); i < starts.Length && starts[i] <= last; i++)
                {
                    ConditionBits.Set(rows[i], condition);
                }
            }

            return new IpOperandIndex(family, starts, rows);
        }
    }
}
