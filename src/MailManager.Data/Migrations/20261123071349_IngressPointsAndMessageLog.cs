using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MailManager.Data.Migrations
{
    /// <inheritdoc />
    public partial class IngressPointsAndMessageLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IngressPoints",
                columns: table => new
                {
                    IngressPointId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IngressPointName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", nullable: true),
                    DesiredStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TrafficPolicyId = table.Column<string>(type: "TEXT", nullable: false),
                    RuleSetId = table.Column<string>(type: "TEXT", nullable: false),
                    TlsPolicy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    BindAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Port = table.Column<int>(type: "INTEGER", nullable: false),
                    SmtpPasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecretId = table.Column<string>(type: "TEXT", nullable: true),
                    SmtpPasswordVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    LastModifiedTimestamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IngressPoints", x => x.IngressPointId);
                    table.ForeignKey(
                        name: "FK_IngressPoints_RuleSets_RuleSetId",
                        column: x => x.RuleSetId,
                        principalTable: "RuleSets",
                        principalColumn: "RuleSetId",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IngressPoints_Secrets_SecretId",
                        column: x => x.SecretId,
                        principalTable: "Secrets",
                        principalColumn: "SecretId",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IngressPoints_TrafficPolicies_TrafficPolicyId",
                        column: x => x.TrafficPolicyId,
                        principalTable: "TrafficPolicies",
                        principalColumn: "TrafficPolicyId",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Messages",
                columns: table => new
                {
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IngressPointId = table.Column<string>(type: "TEXT", nullable: false),
                    IngressPointName = table.Column<string>(type: "TEXT", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceIp = table.Column<string>(type: "TEXT", nullable: false),
                    HeloName = table.Column<string>(type: "TEXT", nullable: false),
                    TlsProtocol = table.Column<string>(type: "TEXT", nullable: true),
                    TlsCipherSuite = table.Column<string>(type: "TEXT", nullable: true),
                    AuthenticatedUser = table.Column<string>(type: "TEXT", nullable: true),
                    MailFrom = table.Column<string>(type: "TEXT", nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: true),
                    Headers = table.Column<string>(type: "TEXT", nullable: true),
                    RuleSetId = table.Column<string>(type: "TEXT", nullable: true),
                    LastUpdatedTimestamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Messages", x => x.MessageId);
                });

            migrationBuilder.CreateTable(
                name: "MessageActions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<string>(type: "TEXT", nullable: false),
                    RuleIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    RuleName = table.Column<string>(type: "TEXT", nullable: true),
                    ActionIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RelayId = table.Column<string>(type: "TEXT", nullable: true),
                    MailFrom = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Recipients = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AttemptCount = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptTimestamp = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MessageActions_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "MessageId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MessageRecipients",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<string>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageRecipients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MessageRecipients_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "MessageId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IngressPoints_IngressPointName",
                table: "IngressPoints",
                column: "IngressPointName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IngressPoints_RuleSetId",
                table: "IngressPoints",
                column: "RuleSetId");

            migrationBuilder.CreateIndex(
                name: "IX_IngressPoints_SecretId",
                table: "IngressPoints",
                column: "SecretId");

            migrationBuilder.CreateIndex(
                name: "IX_IngressPoints_TrafficPolicyId",
                table: "IngressPoints",
                column: "TrafficPolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_MessageActions_MessageId",
                table: "MessageActions",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_MessageActions_Status_NextAttemptTimestamp",
                table: "MessageActions",
                columns: new[] { "Status", "NextAttemptTimestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_MessageRecipients_Address",
                table: "MessageRecipients",
                column: "Address");

            migrationBuilder.CreateIndex(
                name: "IX_MessageRecipients_MessageId",
                table: "MessageRecipients",
                column: "MessageId");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_IngressPointId_ReceivedTimestamp",
                table: "Messages",
                columns: new[] { "IngressPointId", "ReceivedTimestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ReceivedTimestamp",
                table: "Messages",
                column: "ReceivedTimestamp");

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Status_ReceivedTimestamp",
                table: "Messages",
                columns: new[] { "Status", "ReceivedTimestamp" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IngressPoints");

            migrationBuilder.DropTable(
                name: "MessageActions");

            migrationBuilder.DropTable(
                name: "MessageRecipients");

            migrationBuilder.DropTable(
                name: "Messages");
        }
    }
}
