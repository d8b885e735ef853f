using System.Security.Cryptography;
using MailManager.Data;
using MailManager.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MailManager.Web.Hosting;

/// <summary>
/// Creates the first administrator when there are no users: with the configured password, or with a
/// generated one that is printed once on the console (not through the logger) and saved in a file
/// only the owner can read.
/// </summary>
public static class AdminAccountSeeder
{
    public const string PasswordFileName = "admin-password.txt";

    public static async Task EnsureAdminAccountAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (users.Users.Any())
        {
            return;
        }

        var options = scope.ServiceProvider.GetRequiredService<IOptions<AdminOptions>>().Value;
        var storage = scope.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value;
        var generated = string.IsNullOrEmpty(options.Password);
        var password = generated ? GeneratePassword() : options.Password!;

        var result = await users.CreateAsync(new ApplicationUser { UserName = options.UserName }, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                "Could not create the first administrator: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        if (generated)
        {
            var file = Path.Combine(storage.FullDataDirectory, PasswordFileName);
            DataDirectory.WritePrivateFile(file, password + Environment.NewLine);
            Console.WriteLine();
            Console.WriteLine("  First start: created the console administrator.");
            Console.WriteLine($"    user name: {options.UserName}");
            Console.WriteLine($"    password:  {password}");
            Console.WriteLine($"  The password is also in {file} (readable only by you). Change it after signing in.");
            Console.WriteLine();
        }
    }

    /// <summary>20 characters that always satisfy Identity's default rules (upper, lower, digit, symbol).</summary>
    internal static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "-_.!@#%+=";
        var chars = RandomNumberGenerator.GetItems<char>(upper + lower + digits + symbols, 16).ToList();
        chars.AddRange([RandomNumberGenerator.GetItems<char>(upper, 1)[0], RandomNumberGenerator.GetItems<char>(lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(digits, 1)[0], RandomNumberGenerator.GetItems<char>(symbols, 1)[0]]);
        RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chars));
        return new string(chars.ToArray());
    }
}
