using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MailManager.Data.VerdictLog.Migrations
{
    /// <inheritdoc />
    public partial class VerdictLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IngressPointId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IngressPointName = table.Column<string>(type: "TEXT", nullable: false),
                    TrafficPolicyId = table.Column<string>(type: "TEXT", nullable: true),
                    TrafficPolicyName = table.Column<string>(type: "TEXT", nullable: true),
                    SourceIp = table.Column<string>(type: "TEXT", nullable: false),
                    HeloName = table.Column<string>(type: "TEXT", nullable: true),
                    TlsProtocol = table.Column<string>(type: "TEXT", nullable: true),
                    TlsCipherSuite = table.Column<string>(type: "TEXT", nullable: true),
                    AuthenticatedUser = table.Column<string>(type: "TEXT", nullable: true),
                    FailedAuthAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ConnectionRefusedReason = table.Column<string>(type: "TEXT", nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    MessagesAccepted = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientsAccepted = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientsRefused = table.Column<int>(type: "INTEGER", nullable: false),
                    HasRefusals = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecipientVerdicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionLogEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    MailFrom = table.Column<string>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatementIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AllowedMessageSize = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedMessageSize = table.Column<long>(type: "INTEGER", nullable: true),
                    DataRefusal = table.Column<string>(type: "TEXT", nullable: true),
                    Evaluation = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecipientVerdicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecipientVerdicts_Sessions_SessionLogEntryId",
                        column: x => x.SessionLogEntryId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecipientVerdicts_SessionLogEntryId",
                table: "RecipientVerdicts",
                column: "SessionLogEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_HasRefusals_StartedTimestamp",
                table: "Sessions",
                columns: new[] { "HasRefusals", "StartedTimestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_IngressPointId_StartedTimestamp",
                table: "Sessions",
                columns: new[] { "IngressPointId", "StartedTimestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_StartedTimestamp",
                table: "Sessions",
                column: "StartedTimestamp");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecipientVerdicts");

            migrationBuilder.DropTable(
                name: "Sessions");
        }
    }
}
