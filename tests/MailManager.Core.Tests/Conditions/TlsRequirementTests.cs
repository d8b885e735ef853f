using MailManager.Core.Conditions;

namespace MailManager.Core.Tests.Conditions;

public sealed class TlsRequirementTests
{
    [Theory]
    [InlineData(TlsOperator.MinimumTlsVersion, TlsVersion.Tls1_2, TlsVersion.Tls1_2, true)]
    [InlineData(TlsOperator.MinimumTlsVersion, TlsVersion.Tls1_2, TlsVersion.Tls1_3, true)]
    [InlineData(TlsOperator.MinimumTlsVersion, TlsVersion.Tls1_3, TlsVersion.Tls1_2, false)]
    [InlineData(TlsOperator.Is, TlsVersion.Tls1_3, TlsVersion.Tls1_3, true)]
    [InlineData(TlsOperator.Is, TlsVersion.Tls1_2, TlsVersion.Tls1_3, false)]
    [InlineData(TlsOperator.MinimumTlsVersion, TlsVersion.Tls1_2, null, false)] // a plaintext session meets neither
    [InlineData(TlsOperator.Is, TlsVersion.Tls1_2, null, false)]
    public void Session_versions(TlsOperator @operator, TlsVersion required, TlsVersion? session, bool expected) =>
        Assert.Equal(expected, new TlsRequirement(@operator, required).IsMetBy(session));
}
