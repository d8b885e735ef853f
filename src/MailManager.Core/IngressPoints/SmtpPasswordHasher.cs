using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MailManager.Core.IngressPoints;

/// <summary>
/// Salted PBKDF2-SHA256 hashes of SMTP passwords, so the database never holds an endpoint's password.
/// Format: <c>pbkdf2-sha256$iterations$salt$hash</c> (Base64), which lets the cost rise later.
/// </summary>
public static class SmtpPasswordHasher
{
    private const string Scheme = "pbkdf2-sha256";
    // Every authenticated SMTP session pays this once; 100k iterations is about 30 ms of one core.
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
