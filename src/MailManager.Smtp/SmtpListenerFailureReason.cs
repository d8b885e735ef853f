namespace MailManager.Smtp;

/// <summary>Why a listener could not start or stopped on its own.</summary>
public enum SmtpListenerFailureReason
{
    /// <summary>No failure.</summary>
    None,

    /// <summary>The address and port are already bound by another socket.</summary>
    AddressInUse,

    /// <summary>The process may not bind that address or port (e.g. a port below 1024 without privileges).</summary>
    AccessDenied,

    /// <summary>The endpoint needs STARTTLS (TLS Required, or Authenticated without plaintext AUTH) but has no usable certificate.</summary>
    CertificateRequired,

    /// <summary>A listener for this endpoint id is already running.</summary>
    AlreadyListening,

    /// <summary>Anything else; see the message.</summary>
    Other,
}
