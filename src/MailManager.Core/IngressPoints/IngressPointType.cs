namespace MailManager.Core.IngressPoints;

/// <summary>SES <c>IngressPointType</c> (mTLS comes later): who may send to the endpoint.</summary>
public enum IngressPointType
{
    /// <summary>"Open": anyone, as an MX target.</summary>
    Open,
    /// <summary>"Authenticated": SMTP AUTH LOGIN/PLAIN with the endpoint ID as user name.</summary>
    Auth,
}
