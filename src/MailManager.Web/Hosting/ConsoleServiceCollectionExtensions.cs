using MailManager.Api;
using MailManager.Data;
using MailManager.Data.Identity;
using MailManager.Web.Components;
using MailManager.Web.Components.Account;
using MailManager.Web.Hosting.Health;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;

namespace MailManager.Web.Hosting;

public static class ConsoleServiceCollectionExtensions
{
    /// <summary>The Blazor console: components, MudBlazor, sign-in with ASP.NET Core Identity.</summary>
    public static IServiceCollection AddMailManagerConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>()
            .Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();

        // Identity's EF stores need a scoped context; the console itself uses the context factory.
        services.AddScoped(sp => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<MailManagerDbContext>>().CreateDbContext());
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddEntityFrameworkStores<MailManagerDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddHostedService<StartupBanner>();
        services.AddMailManagerHealthChecks();
        return services;
    }

    public static WebApplication UseMailManagerConsole(this WebApplication app)
    {
        // First: API requests are answered as AWS answers them, never by the console's error or not-found pages.
        app.UseMailManagerApi();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseConsoleAssets();
        // Explicitly after the status-code pages, so a re-executed request (the not-found page) is authorized too.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapVerifiedStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapMailManagerHealthChecks();
        return app;
    }
}
