using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class NewestWithUpdatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_PublicNewest",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_PublicNewest",
                table: "Articles",
                columns: new[] { "Status", "PublishAt", "Id", "ExpiresAt", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_PublicNewest",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_PublicNewest",
                table: "Articles",
                columns: new[] { "Status", "PublishAt", "Id", "ExpiresAt" });
        }
    }
}
