using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.SqlServer
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
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "SubmittedAt",
                table: "Articles",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmittedById",
                table: "Articles",
                type: "nvarchar(450)",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DailyViewCounts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Views = table.Column<long>(type: "bigint", nullable: false)
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
