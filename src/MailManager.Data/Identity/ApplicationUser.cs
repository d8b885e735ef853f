using Microsoft.AspNetCore.Identity;

namespace MailManager.Data.Identity;

/// <summary>A console administrator.</summary>
public sealed class ApplicationUser : IdentityUser;
