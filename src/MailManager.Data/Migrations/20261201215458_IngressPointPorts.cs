using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MailManager.Data.Migrations
{
    /// <inheritdoc />
    public partial class IngressPointPorts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An endpoint listens on one or more ports now: each existing endpoint keeps its one port, as a list.
            migrationBuilder.AddColumn<string>(
                name: "Ports",
                table: "IngressPoints",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.Sql("UPDATE \"IngressPoints\" SET \"Ports\" = json_array(\"Port\");");

            migrationBuilder.DropColumn(
                name: "Port",
                table: "IngressPoints");

            migrationBuilder.AddCheckConstraint(
                name: "CK_IngressPoints_Ports",
                table: "IngressPoints",
                sql: "json_array_length(\"Ports\") >= 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "CK_IngressPoints_Ports",
                table: "IngressPoints");

            migrationBuilder.AddColumn<int>(
                name: "Port",
                table: "IngressPoints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // One port per endpoint before: the lowest one stays (25 of 25 and 587).
            migrationBuilder.Sql("UPDATE \"IngressPoints\" SET \"Port\" = json_extract(\"Ports\", '$[0]');");

            migrationBuilder.DropColumn(
                name: "Ports",
                table: "IngressPoints");
        }
    }
}
