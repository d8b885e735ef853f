using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MailManager.Data.VerdictLog;

/// <summary>Lets <c>dotnet ef migrations add --context VerdictLogDbContext</c> build the model without the app.</summary>
internal sealed class VerdictLogDesignTimeFactory : IDesignTimeDbContextFactory<VerdictLogDbContext>
{
    public VerdictLogDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<VerdictLogDbContext>().UseSqlite("Data Source=design-time-verdicts.db").Options);
}
