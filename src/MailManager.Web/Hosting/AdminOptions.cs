using System.ComponentModel.DataAnnotations;

namespace MailManager.Web.Hosting;

/// <summary>The first administrator, created on a first start with no users. Section <c>MailManager:Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "MailManager:Admin";

    [Required]
    [RegularExpression("^[A-Za-z0-9_.@-]{1,64}$")]
    public string UserName { get; set; } = "admin";

    /// <summary>The first password; when unset, one is generated, printed once and saved in the data folder.</summary>
    public string? Password { get; set; }
}
