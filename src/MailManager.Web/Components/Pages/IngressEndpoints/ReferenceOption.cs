namespace MailManager.Web.Components.Pages.IngressEndpoints;

/// <summary>A traffic policy or rule set as a select lists it.</summary>
public sealed record ReferenceOption(string Id, string Name);
