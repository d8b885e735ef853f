using MailManager.Api;
using MailManager.Data;
using MailManager.Delivery;
using MailManager.Ingress;
using MailManager.Web.Hosting;

var builder = WebApplication.CreateBuilder(InstallFolder.Options(args));

builder.Services.AddMailManagerStorage(builder.Configuration);
builder.Services.AddMailManagerIngress(builder.Configuration);
builder.Services.AddMailManagerDelivery();
builder.Services.AddMailManagerConsole(builder.Configuration);
builder.Services.AddMailManagerApi(builder.Configuration);
builder.Services.AddMailManagerServiceHosting();

var app = builder.Build();

await app.Services.MigrateStorageAsync();
await app.Services.EnsureAdminAccountAsync();

app.UseMailManagerConsole();

app.Run();

/// <summary>Exposed for WebApplicationFactory in the tests.</summary>
public partial class Program;
