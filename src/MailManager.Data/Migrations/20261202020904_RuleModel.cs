using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MailManager.Data.Migrations
{
    /// <inheritdoc />
    public partial class RuleModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RuleMatches",
                table: "Messages",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "AddedHeaders",
                table: "MessageActions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Definition",
                table: "MessageActions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Origins",
                table: "MessageActions",
                type: "TEXT",
                nullable: true);

            // Actions recorded before the rule model were Drop or Relay, with the relay's fields in columns of their own.
            migrationBuilder.Sql("""
                UPDATE "MessageActions" SET "Definition" = CASE "Type"
                    WHEN 'Relay' THEN json_object('Relay', json_object('Relay', "RelayId", 'MailFrom', coalesce("MailFrom", 'Preserve'), 'ActionFailurePolicy', 'Continue'))
                    ELSE json_object('Drop', json_object()) END
                """);

            // Rules were stored as EF Core's owned JSON ({"Name", "Actions": [{"Type", "RelayId", "MailFrom"}]}); now in the
            // API's union shapes.
            migrationBuilder.Sql("""
                UPDATE "RuleSets" SET "Rules" = coalesce((
                    SELECT json_group_array(json_object(
                        'Name', json_extract(r.value, '$.Name'),
                        'Conditions', json('[]'),
                        'Unless', json('[]'),
                        'Actions', json(coalesce((
                            SELECT json_group_array(CASE json_extract(a.value, '$.Type')
                                WHEN 'Relay' THEN json_object('Relay', json_object('Relay', json_extract(a.value, '$.RelayId'),
                                    'MailFrom', coalesce(json_extract(a.value, '$.MailFrom'), 'Preserve'), 'ActionFailurePolicy', 'Continue'))
                                ELSE json_object('Drop', json_object()) END)
                            FROM json_each(json_extract(r.value, '$.Actions')) AS a), '[]'))))
                    FROM json_each("RuleSets"."Rules") AS r), '[]')
                """);

            migrationBuilder.AlterColumn<string>(
                name: "Rules",
                table: "RuleSets",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.DropColumn(
                name: "MailFrom",
                table: "MessageActions");

            migrationBuilder.DropColumn(
                name: "RelayId",
                table: "MessageActions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RuleMatches",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "AddedHeaders",
                table: "MessageActions");

            migrationBuilder.DropColumn(
                name: "Definition",
                table: "MessageActions");

            migrationBuilder.DropColumn(
                name: "Origins",
                table: "MessageActions");

            migrationBuilder.AddColumn<string>(
                name: "RelayId",
                table: "MessageActions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Rules",
                table: "RuleSets",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "MailFrom",
                table: "MessageActions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);
        }
    }
}
