using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MailManager.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<MailManagerDbContext>
{
    public MailManagerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<MailManagerDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
