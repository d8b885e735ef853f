namespace MailManager.Core.RuleSets.Actions;

/// <summary>A header an AddHeader action put on the message; the actions that follow it carry it.</summary>
public sealed record AddedHeader(string Name, string Value);
