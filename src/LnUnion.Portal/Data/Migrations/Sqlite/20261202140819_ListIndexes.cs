using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_ChannelId_Status_PublishAt_ExpiresAt_IsPinned_PinnedUntil",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_PublishAt_ExpiresAt",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_PublicList",
                table: "Articles",
                columns: new[] { "ChannelId", "Status", "PublishAt", "Id", "ExpiresAt", "IsPinned", "PinnedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_PublicNewest",
                table: "Articles",
                columns: new[] { "Status", "PublishAt", "Id", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_PublicList",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_PublicNewest",
                table: "Articles");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_ChannelId_Status_PublishAt_ExpiresAt_IsPinned_PinnedUntil",
                table: "Articles",
                columns: new[] { "ChannelId", "Status", "PublishAt", "ExpiresAt", "IsPinned", "PinnedUntil" });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_PublishAt_ExpiresAt",
                table: "Articles",
                columns: new[] { "Status", "PublishAt", "ExpiresAt" });
        }
    }
}
