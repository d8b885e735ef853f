namespace MailManager.Core.Conditions;

/// <summary>SES <c>IngressTlsProtocolAttribute</c>.</summary>
public enum TlsVersion
{
    Tls1_2,
    Tls1_3,
}

/// <summary>SES <c>IngressTlsProtocolOperator</c>.</summary>
public enum TlsOperator
{
    MinimumTlsVersion,
    Is,
}

/// <summary>A TLS condition: a session without TLS meets neither <c>MINIMUM_TLS_VERSION</c> nor <c>IS</c>.</summary>
public readonly record struct TlsRequirement(TlsOperator Operator, TlsVersion Version)
{
    public bool IsMetBy(TlsVersion? session) => session is { } version && Operator switch
    {
        TlsOperator.MinimumTlsVersion => version >= Version,
        _ => version == Version,
    };
}
