using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using MailManager.Core.Conditions;

namespace MailManager.Benchmarks;

/// <summary>
/// Each operand matcher alone, on an already folded recipient: where the time of a policy verdict goes, condition kind
/// by condition kind.
/// </summary>
[MemoryDiagnoser]
public class ConditionBenchmarks
{
    private const string Recipient = "user4242@example.com";

    private StringMatcher _equals51 = default!;
    private StringMatcher _endsWith3 = default!;
    private StringMatcher _contains2 = default!;
    private StringMatcher _startsWith2 = default!;
    private CidrSet _cidr3 = default!;
    private AddressListMatcher _list = default!;
    private IpNumber _ip;

    [GlobalSetup]
    public void Setup()
    {
        _equals51 = new StringMatcher(StringOperator.Equals, [.. Enumerable.Range(0, 50).Select(i => $"other7-{i}@example.com"), Recipient]);
        _endsWith3 = new StringMatcher(StringOperator.EndsWith, ["@example7.org", "@example.org", "@example.com"]);
        _contains2 = new StringMatcher(StringOperator.Contains, ["x7y", "@"]);
        _startsWith2 = new StringMatcher(StringOperator.StartsWith, ["sales7", "user"]);
        _cidr3 = CidrSet.Parse(AddressFamily.InterNetwork, ["192.168.7.0/24", "10.0.0.0/8", "172.16.0.0/12"]);
        _list = new AddressListMatcher(Enumerable.Range(0, 100_000).Select(i => $"user{i}@example.com").Append("*@partners.example.com"));
        _ip = IpNumber.From(IPAddress.Parse("10.20.30.40"));
    }

    [Benchmark]
    public bool Equals51Values() => _equals51.MatchesFolded(Recipient);

    [Benchmark]
    public bool EndsWith3Values() => _endsWith3.MatchesFolded(Recipient);

    [Benchmark]
    public bool Contains2Values() => _contains2.MatchesFolded(Recipient);

    [Benchmark]
    public bool StartsWith2Values() => _startsWith2.MatchesFolded(Recipient);

    [Benchmark]
    public bool Cidr3Blocks() => _cidr3.Contains(_ip);

    [Benchmark]
    public bool AddressListMember() => _list.ContainsFolded(Recipient);

    [Benchmark]
    public bool AddressListNonMember() => _list.ContainsFolded("nobody@sub.elsewhere.example.net");

    /// <summary>Building the index of a 100,000-member list: what the first session after a change of the list waits for.</summary>
    [Benchmark]
    public int AddressListOf100000Built() => new AddressListMatcher(_members).Count;

    private readonly string[] _members = [.. Enumerable.Range(0, 100_000).Select(i => $"user{i}@example.com")];

    [Benchmark]
    public IpNumber IpNumberOfMappedAddress() => IpNumber.From(MappedSender);

    private static readonly IPAddress MappedSender = IPAddress.Parse("::ffff:10.20.30.40");
}
