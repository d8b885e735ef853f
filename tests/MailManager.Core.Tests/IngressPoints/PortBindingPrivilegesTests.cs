using MailManager.Core.IngressPoints;

namespace MailManager.Core.Tests.IngressPoints;

public sealed class PortBindingPrivilegesTests
{
    // /proc/self/status as Linux writes it, cut to the lines that matter and a neighbour of each.
    private static string Status(string uid, string capEff) =>
        $"Name:\tMailManager.Web\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t0\t0\t0\t0\nCapInh:\t0000000000000000\nCapEff:\t{capEff}\nCapBnd:\t000001ffffffffff\n";

    private const string AllCapabilities = "000001ffffffffff";
    private const string OnlyNetBindService = "0000000000000400";
    private const string NoCapabilities = "0000000000000000";
    // Docker's default set for root (a80425fb) without CAP_NET_BIND_SERVICE (--cap-drop NET_BIND_SERVICE).
    private const string RootWithoutNetBindService = "00000000a80421fb";

    [Theory]
    // Root with its capabilities, as usual.
    [InlineData("0", AllCapabilities, "1024", true)]
    // A service user given only CAP_NET_BIND_SERVICE (setcap, systemd AmbientCapabilities).
    [InlineData("998", OnlyNetBindService, "1024", true)]
    // An ordinary user.
    [InlineData("1000", NoCapabilities, "1024", false)]
    // Root whose capability was dropped cannot bind 25 either.
    [InlineData("0", RootWithoutNetBindService, "1024", false)]
    // The sysctl lets everyone bind from 0 (Docker's default) or from 25.
    [InlineData("1000", NoCapabilities, "0", true)]
    [InlineData("1000", NoCapabilities, "25\n", true)]
    [InlineData("1000", NoCapabilities, "26", false)]
    // A kernel without the sysctl enforces 1024.
    [InlineData("1000", NoCapabilities, null, false)]
    public void Port_25_needs_the_capability_or_the_sysctl(string uid, string capEff, string? unprivilegedPortStart, bool canBind) =>
        Assert.Equal(canBind, PortBindingPrivileges.FromLinux(Status(uid, capEff), unprivilegedPortStart).CanBind(25));

    [Fact]
    public void The_facts_are_read_from_the_uid_and_capeff_lines()
    {
        var privileges = PortBindingPrivileges.FromLinux(Status("0", "000001fffeffffff"), "1024\n");

        Assert.Equal(new PortBindingPrivileges(true, 0x000001fffeffffffUL, 1024), privileges);
    }

    [Fact]
    public void Only_the_effective_user_id_counts()
    {
        var privileges = PortBindingPrivileges.FromLinux("Uid:\t0\t1000\t0\t0\n", null);

        Assert.False(privileges.IsRoot);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Without_a_readable_capability_mask_root_is_trusted(bool isRoot, bool canBind) =>
        Assert.Equal(canBind, new PortBindingPrivileges(isRoot, null, 1024).CanBind(587));

    [Fact]
    public void Unreadable_files_fall_back_to_an_unprivileged_process_and_the_kernel_default()
    {
        var privileges = PortBindingPrivileges.FromLinux(null, "not a number");

        Assert.Equal(new PortBindingPrivileges(false, null, PortBindingPrivileges.DefaultUnprivilegedPortStart), privileges);
        Assert.False(privileges.CanBind(25));
        Assert.True(privileges.CanBind(2525));
    }

    [Fact]
    public void The_sysctl_is_a_threshold_per_port()
    {
        var privileges = new PortBindingPrivileges(false, 0, 100);

        Assert.False(privileges.CanBind(25));
        Assert.True(privileges.CanBind(587));
    }
}
