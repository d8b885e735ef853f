using MailManager.Data.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace MailManager.Web.Components.Account;

internal static class AccountEndpoints
{
    /// <summary>Sign-out is a form POST (antiforgery-checked), as the Identity scaffold does it.</summary>
    public static IEndpointConventionBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var account = endpoints.MapGroup("/Account");
        account.MapPost("/Logout", async ([FromServices] SignInManager<ApplicationUser> signInManager) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect("~/Account/Login");
        });
        return account;
    }
}
