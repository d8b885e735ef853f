using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MailManager.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddressLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AddressLists",
                columns: table => new
                {
                    AddressListId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AddressListName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    CreatedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUpdatedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    MembersRevision = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AddressLists", x => x.AddressListId);
                });

            migrationBuilder.CreateTable(
                name: "AddressListMembers",
                columns: table => new
                {
                    AddressListId = table.Column<string>(type: "TEXT", nullable: false),
                    FoldedAddress = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    CreatedTimestamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AddressListMembers", x => new { x.AddressListId, x.FoldedAddress });
                    table.ForeignKey(
                        name: "FK_AddressListMembers_AddressLists_AddressListId",
                        column: x => x.AddressListId,
                        principalTable: "AddressLists",
                        principalColumn: "AddressListId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportJobs",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AddressListId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ImportDataFormat = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ImportedItemsCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FailedItemsCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedTimestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    StartTimestamp = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedTimestamp = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    ProcessedThroughLine = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportJobs", x => x.JobId);
                    table.ForeignKey(
                        name: "FK_ImportJobs_AddressLists_AddressListId",
                        column: x => x.AddressListId,
                        principalTable: "AddressLists",
                        principalColumn: "AddressListId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportJobFailures",
                columns: table => new
                {
                    JobId = table.Column<string>(type: "TEXT", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportJobFailures", x => new { x.JobId, x.LineNumber });
                    table.ForeignKey(
                        name: "FK_ImportJobFailures_ImportJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "ImportJobs",
                        principalColumn: "JobId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AddressLists_AddressListName",
                table: "AddressLists",
                column: "AddressListName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportJobs_AddressListId_CreatedTimestamp",
                table: "ImportJobs",
                columns: new[] { "AddressListId", "CreatedTimestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportJobs_Status",
                table: "ImportJobs",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AddressListMembers");

            migrationBuilder.DropTable(
                name: "ImportJobFailures");

            migrationBuilder.DropTable(
                name: "ImportJobs");

            migrationBuilder.DropTable(
                name: "AddressLists");
        }
    }
}
