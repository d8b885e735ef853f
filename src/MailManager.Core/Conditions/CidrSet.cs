using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace MailManager.Core.Conditions;

/// <summary>
/// IPv4 or IPv6 CIDR blocks compiled into sorted, merged ranges: membership is a binary search that allocates
/// nothing. IPv4 sets also match IPv4-mapped IPv6 addresses (see <see cref="IpNumber"/>).
/// </summary>
public sealed class CidrSet
{
    private readonly AddressFamily _family;
    private readonly (UInt128 First, UInt128 Last)[] _ranges;

    private CidrSet(AddressFamily family, (UInt128 First, UInt128 Last)[] ranges)
    {
        _family = family;
        _ranges = ranges;
    }

    public static CidrSet Parse(AddressFamily family, IEnumerable<string> blocks)
    {
        List<(UInt128 First, UInt128 Last)> ranges = [];
        foreach (string block in blocks)
        {
            if (!TryParseBlock(family, block, out UInt128 first, out UInt128 last))
            {
                throw new FormatException($"'{block}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} CIDR block.");
            }

            ranges.Add((first, last));
        }

        ranges.Sort();
        List<(UInt128 First, UInt128 Last)> merged = [];
        foreach ((UInt128 first, UInt128 last) in ranges)
        {
            // Overlapping or adjacent blocks become one range (checking MaxValue first: Last + 1 would overflow).
            if (merged.Count > 0 && (merged[^1].Last == UInt128.MaxValue || first <= merged[^1].Last + 1))
            {
                merged[^1] = (merged[^1].First, UInt128.Max(merged[^1].Last, last));
            }
            else
            {
                merged.Add((first, last));
            }
        }

        return new CidrSet(family, [.. merged]);
    }

    /// <summary>Whether <paramref name="block"/> is a CIDR block of the family (<c>a.b.c.d/n</c>, <c>2001:db8::/32</c>).</summary>
    public static bool IsValid(AddressFamily family, string block) => TryParseBlock(family, block, out _, out _);

    public bool Contains(IPAddress address) => Contains(IpNumber.From(address));

    public bool Contains(IpNumber address)
    {
        if (address.Family != _family)
        {
            return false;
        }

        UInt128 value = address.Value;
        int low = 0, high = _ranges.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            if (value < _ranges[middle].First)
            {
                high = middle - 1;
            }
            else if (value > _ranges[middle].Last)
            {
                low = middle + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    internal static bool TryParseBlock(AddressFamily family, string block, out UInt128 first, out UInt128 last)
    {
        first = last = 0;
        int slash = block.IndexOf('/', StringComparison.Ordinal);
        int bits = family == AddressFamily.InterNetwork ? 32 : 128;
        if (slash <= 0
            || !IPAddress.TryParse(block.AsSpan(0, slash), out IPAddress? address)
            || address.AddressFamily != family
            || !int.TryParse(block.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int prefix)
            || prefix > bits
            || (family == AddressFamily.InterNetwork && block.AsSpan(0, slash).Count('.') != 3))
        {
            return false;
        }

        UInt128 hostMask = prefix == 0 ? (bits == 128 ? UInt128.MaxValue : uint.MaxValue) : (UInt128.One << (bits - prefix)) - 1;
        first = IpNumber.From(address).Value & ~hostMask & (bits == 128 ? UInt128.MaxValue : uint.MaxValue);
        last = first | hostMask;
        return true;
    }
}
