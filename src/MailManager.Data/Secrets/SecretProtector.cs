using Microsoft.AspNetCore.DataProtection;

namespace MailManager.Data.Secrets;

/// <summary>
/// Encrypts secret values before they reach the database (ASP.NET Core Data Protection, keys in
/// the data folder), so the SQLite file never holds a value in plaintext.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MailManager.Secrets.v1");

    public string Protect(string value) => _protector.Protect(value);

    public string Unprotect(string protectedValue) => _protector.Unprotect(protectedValue);
}
