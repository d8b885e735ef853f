using System.ComponentModel.DataAnnotations;

namespace MailManager.Api;

/// <summary>How the SES Mail Manager API names this gateway in ARNs. Section <c>MailManager:Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "MailManager:Api";

    /// <summary>The region in every ARN (<c>arn:aws:ses:{Region}:…</c>); clients may sign for any region.</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,20}$", ErrorMessage = "MailManager:Api:Region must be 1 to 20 lower-case letters, digits or dashes, such as us-east-1.")]
    public string Region { get; set; } = "us-east-1";

    /// <summary>The twelve-digit account ID in every ARN.</summary>
    [Required, RegularExpression("^[0-9]{12}$", ErrorMessage = "MailManager:Api:AccountId must be twelve digits, such as 000000000000.")]
    public string AccountId { get; set; } = "000000000000";

    /// <summary>The largest request body taken; larger ones are refused before they are read.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "MailManager:Api:MaxRequestBytes must be between 1024 and 67108864.")]
    public int MaxRequestBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long the upload URL of an address list import job is valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "MailManager:Api:ImportUploadLifetime must be between 00:01:00 and 7.00:00:00.")]
    public TimeSpan ImportUploadLifetime { get; set; } = TimeSpan.FromHours(1);
}
