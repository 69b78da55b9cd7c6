using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EditorialWorkflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RequireTwoFactor",
                table: "AspNetUsers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "SubmittedAt",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedById",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DailyViewCounts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Views = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyViewCounts", x => x.Day);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SubmittedAt",
                table: "Articles",
                column: "SubmittedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SubmittedById",
                table: "Articles",
                column: "SubmittedById");

            migrationBuilder.AddForeignKey(
                name: "FK_Articles_AspNetUsers_SubmittedById",
                table: "Articles",
                column: "SubmittedById",
                principalTable: "AspNetUsers",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Articles_AspNetUsers_SubmittedById",
                table: "Articles");

            migrationBuilder.DropTable(
                name: "DailyViewCounts");

            migrationBuilder.DropIndex(
                name: "IX_Articles_SubmittedAt",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_SubmittedById",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "RequireTwoFactor",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "SubmittedById",
                table: "Articles");
        }
    }
}
