using MailManager.Delivery.Actions;

namespace MailManager.Delivery.Tests.Actions;

internal static class ActionMessages
{
    public static readonly DateTimeOffset Received = new(2026, 11, 23, 8, 0, 0, 123, TimeSpan.Zero);

    public static ActionMessage Create(int ruleIndex = 2, int actionIndex = 1) => new(
        MessageId: "msg-" + Guid.NewGuid().ToString("N"),
        ReceivedTimestamp: Received,
        IngressPointId: "inp-0123456789abcdef",
        IngressPointName: "inbound-main",
        SourceIp: "192.0.2.10",
        HeloName: "client.example",
        TlsProtocol: "Tls13",
        MailFrom: "sender@example.com",
        Recipients: ["a@example.org", "b@example.org"],
        SizeBytes: 1234,
        RuleSetId: "rs-0123456789abcdef",
        RuleSetName: "inbound-rules",
        RuleIndex: ruleIndex,
        RuleName: "archive-all",
        ActionIndex: actionIndex);
}
