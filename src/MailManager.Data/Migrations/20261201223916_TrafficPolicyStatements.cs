using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MailManager.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrafficPolicyStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PolicyStatements",
                table: "TrafficPolicies",
                type: "TEXT",
                nullable: true,
                // Existing policies have no statements: their default action goes on deciding alone.
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PolicyStatements",
                table: "TrafficPolicies");
        }
    }
}
