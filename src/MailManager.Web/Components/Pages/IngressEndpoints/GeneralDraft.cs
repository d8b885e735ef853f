using MailManager.Core.IngressPoints;

namespace MailManager.Web.Components.Pages.IngressEndpoints;

/// <summary>What "General details" → Edit changes: the status an administrator asks for, and the TLS policy.</summary>
internal sealed class GeneralDraft
{
    public IngressPointStatusToUpdate Status { get; set; }
    public TlsPolicy TlsPolicy { get; set; }
}
