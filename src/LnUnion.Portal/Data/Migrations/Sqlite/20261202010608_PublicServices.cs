using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublicServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "GovSiteMarkImageId",
                table: "SiteSettings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GovSiteMarkUrl",
                table: "SiteSettings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WorkerServices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LinkKind = table.Column<int>(type: "INTEGER", nullable: false),
                    LinkTarget = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LetterTypeId = table.Column<int>(type: "INTEGER", nullable: true),
                    Icon = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsShown = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkerServices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkerServices_LetterTypes_LetterTypeId",
                        column: x => x.LetterTypeId,
                        principalTable: "LetterTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SiteSettings_GovSiteMarkImageId",
                table: "SiteSettings",
                column: "GovSiteMarkImageId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkerServices_IsShown_SortOrder",
                table: "WorkerServices",
                columns: new[] { "IsShown", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkerServices_LetterTypeId",
                table: "WorkerServices",
                column: "LetterTypeId");

            migrationBuilder.AddForeignKey(
                name: "FK_SiteSettings_MediaFiles_GovSiteMarkImageId",
                table: "SiteSettings",
                column: "GovSiteMarkImageId",
                principalTable: "MediaFiles",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SiteSettings_MediaFiles_GovSiteMarkImageId",
                table: "SiteSettings");

            migrationBuilder.DropTable(
                name: "WorkerServices");

            migrationBuilder.DropIndex(
                name: "IX_SiteSettings_GovSiteMarkImageId",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "GovSiteMarkImageId",
                table: "SiteSettings");

            migrationBuilder.DropColumn(
                name: "GovSiteMarkUrl",
                table: "SiteSettings");
        }
    }
}
