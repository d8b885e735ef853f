using System.Collections.Frozen;

namespace MailManager.Core.Conditions;

/// <summary>
/// The members of an address list (SES <c>AddressList</c>: email addresses or domains, one <c>*</c> at most, before
/// or after the <c>@</c>) indexed for membership tests that allocate nothing, whatever the list's size (100,000
/// members at most):
/// <list type="bullet">
/// <item><c>user@example.com</c>: that address; <c>example.com</c>: every address of that domain.</item>
/// <item><c>*@example.com</c>: every address of that domain; <c>user*@example.com</c>: local parts starting with
/// <c>user</c> (so <c>user+tag@</c> and <c>username@</c>).</item>
/// <item><c>*.example.com</c> and <c>user@*.example.com</c>: any subdomain of example.com, for every address or for
/// that local part.</item>
/// </list>
/// Comparison ignores case (inferred: domains are case-insensitive, and a list imported from a directory rarely keeps
/// the case senders use).
/// </summary>
public sealed class AddressListMatcher
{
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _addresses;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _domains;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _subdomainsOf;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _localAtSubdomainsOf;
    private readonly FrozenDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> _localPrefixesByDomain;

    public AddressListMatcher(IEnumerable<string> members)
    {
        HashSet<string> addresses = new(StringComparer.Ordinal);
        HashSet<string> domains = new(StringComparer.Ordinal);
        HashSet<string> subdomainsOf = new(StringComparer.Ordinal);
        HashSet<string> localAtSubdomainsOf = new(StringComparer.Ordinal);
        Dictionary<string, List<string>> prefixes = new(StringComparer.Ordinal);
        foreach (string member in members.Select(CaseFolding.Fold))
        {
            int at = member.IndexOf('@', StringComparison.Ordinal);
            int star = member.IndexOf('*', StringComparison.Ordinal);
            if (at < 0)
            {
                // A domain: "example.com" or "*.example.com".
                (star < 0 ? domains : subdomainsOf).Add(star < 0 ? member : member[2..]);
            }
            else if (star < 0)
            {
                addresses.Add(member);
            }
            else if (star < at)
            {
                // "*@example.com" (every local part) or "user*@example.com" (a local-part prefix).
                string domain = member[(at + 1)..];
                if (star == 0)
                {
                    domains.Add(domain);
                }
                else
                {
                    if (!prefixes.TryGetValue(domain, out List<string>? list))
                    {
                        prefixes[domain] = list = [];
                    }

                    list.Add(member[..star]);
                }
            }
            else
            {
                // "user@*.example.com": the local part at any subdomain, kept as "user@example.com".
                localAtSubdomainsOf.Add(member[..at] + "@" + member[(star + 2)..]);
            }
        }

        Count = addresses.Count + domains.Count + subdomainsOf.Count + localAtSubdomainsOf.Count + prefixes.Values.Sum(p => p.Count);
        _addresses = addresses.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _domains = domains.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _subdomainsOf = subdomainsOf.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _localAtSubdomainsOf = localAtSubdomainsOf.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        _localPrefixesByDomain = prefixes.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Members indexed (duplicates counted once).</summary>
    public int Count { get; }

    public bool Contains(ReadOnlySpan<char> address)
    {
        Span<char> buffer = address.Length <= CaseFolding.StackLimit ? stackalloc char[address.Length] : new char[address.Length];
        return ContainsFolded(CaseFolding.Fold(address, buffer));
    }

    /// <summary><see cref="Contains"/> for an address already folded with <see cref="CaseFolding"/>.</summary>
    public bool ContainsFolded(ReadOnlySpan<char> address)
    {
        int at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        ReadOnlySpan<char> local = address[..at];
        ReadOnlySpan<char> domain = address[(at + 1)..];
        if (_addresses.Contains(address) || _domains.Contains(domain))
        {
            return true;
        }

        if (_localPrefixesByDomain.TryGetValue(domain, out string[]? localPrefixes))
        {
            foreach (string prefix in localPrefixes)
            {
                if (local.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        // Parent domains of the address's domain: a.b.example.com is a subdomain of b.example.com and example.com.
        Span<char> localAtParent = address.Length <= CaseFolding.StackLimit ? stackalloc char[address.Length] : new char[address.Length];
        local.CopyTo(localAtParent);
        localAtParent[at] = '@';
        for (int dot = domain.IndexOf('.'); dot >= 0; dot = NextDot(domain, dot))
        {
            ReadOnlySpan<char> parent = domain[(dot + 1)..];
            if (_subdomainsOf.Contains(parent))
            {
                return true;
            }

            parent.CopyTo(localAtParent[(at + 1)..]);
            if (_localAtSubdomainsOf.Contains(localAtParent[..(at + 1 + parent.Length)]))
            {
                return true;
            }
        }

        return false;
    }

    private static int NextDot(ReadOnlySpan<char> domain, int dot)
    {
        int next = domain[(dot + 1)..].IndexOf('.');
        return next < 0 ? -1 : dot + 1 + next;
    }
}
