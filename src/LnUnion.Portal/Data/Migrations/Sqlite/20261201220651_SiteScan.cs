using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SiteScan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A channel's freshness limit becomes its kind: the seeded notice channels had 30 days, news 14.
            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Channels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
            migrationBuilder.Sql("UPDATE Channels SET Kind = CASE WHEN FreshnessLimitDays > 14 THEN 1 ELSE 0 END");
            migrationBuilder.DropColumn(
                name: "FreshnessLimitDays",
                table: "Channels");

            migrationBuilder.CreateTable(
                name: "ExternalLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CheckedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExternalLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScanFindings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<int>(type: "INTEGER", nullable: true),
                    PageId = table.Column<int>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Severity = table.Column<int>(type: "INTEGER", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Found = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Suggestion = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastScanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScanFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScanFindings_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ScanFindings_Pages_PageId",
                        column: x => x.PageId,
                        principalTable: "Pages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScanLeases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScanLeases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SiteScans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsNightly = table.Column<bool>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticleCursor = table.Column<int>(type: "INTEGER", nullable: false),
                    PageCursor = table.Column<int>(type: "INTEGER", nullable: false),
                    ArticlesDone = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteScans", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "ScanLeases",
                columns: new[] { "Id", "ExpiresAt", "Holder" },
                values: new object[] { 1, null, null });

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLinks_CheckedAt",
                table: "ExternalLinks",
                column: "CheckedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ExternalLinks_Url",
                table: "ExternalLinks",
                column: "Url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScanFindings_ArticleId_Kind",
                table: "ScanFindings",
                columns: new[] { "ArticleId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ScanFindings_PageId_Kind",
                table: "ScanFindings",
                columns: new[] { "PageId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ScanFindings_Status_Severity",
                table: "ScanFindings",
                columns: new[] { "Status", "Severity" });

            migrationBuilder.CreateIndex(
                name: "IX_SiteScans_FinishedAt",
                table: "SiteScans",
                column: "FinishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ExternalLinks");

            migrationBuilder.DropTable(
                name: "ScanFindings");

            migrationBuilder.DropTable(
                name: "ScanLeases");

            migrationBuilder.DropTable(
                name: "SiteScans");

            migrationBuilder.AddColumn<int>(
                name: "FreshnessLimitDays",
                table: "Channels",
                type: "INTEGER",
                nullable: false,
                defaultValue: 14);
            migrationBuilder.Sql("UPDATE Channels SET FreshnessLimitDays = CASE WHEN Kind = 0 THEN 14 ELSE 30 END");
            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Channels");
        }
    }
}
