namespace MailManager.Smtp;

/// <summary>Whether an endpoint requires SMTP AUTH before it takes mail (the SES "Open" / "Authenticated" endpoint types).</summary>
public enum SmtpAuthMode
{
    /// <summary>Anyone may send; AUTH is neither offered nor accepted.</summary>
    Open,

    /// <summary>MAIL needs a successful AUTH LOGIN or AUTH PLAIN first.</summary>
    Authenticated,
}
