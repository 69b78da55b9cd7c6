using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewedDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Author",
                table: "ArticleRevisions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CoverImageId",
                table: "ArticleRevisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "ArticleRevisions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ArticleRevisionAttachments",
                columns: table => new
                {
                    RevisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    MediaFileId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleRevisionAttachments", x => new { x.RevisionId, x.MediaFileId });
                    table.ForeignKey(
                        name: "FK_ArticleRevisionAttachments_ArticleRevisions_RevisionId",
                        column: x => x.RevisionId,
                        principalTable: "ArticleRevisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ArticleRevisionAttachments_MediaFiles_MediaFileId",
                        column: x => x.MediaFileId,
                        principalTable: "MediaFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleRevisions_CoverImageId",
                table: "ArticleRevisions",
                column: "CoverImageId");

            migrationBuilder.CreateIndex(
                name: "IX_ArticleRevisionAttachments_MediaFileId",
                table: "ArticleRevisionAttachments",
                column: "MediaFileId");

            migrationBuilder.AddForeignKey(
                name: "FK_ArticleRevisions_MediaFiles_CoverImageId",
                table: "ArticleRevisions",
                column: "CoverImageId",
                principalTable: "MediaFiles",
                principalColumn: "Id");

            // A change waiting for review so far left author, source, cover and attachments to the live article;
            // approving it now takes them from the revision, so it starts with the live ones.
            migrationBuilder.Sql("""
                UPDATE ArticleRevisions SET
                    Author = (SELECT a.Author FROM Articles a WHERE a.PendingRevisionId = ArticleRevisions.Id),
                    Source = (SELECT a.Source FROM Articles a WHERE a.PendingRevisionId = ArticleRevisions.Id),
                    CoverImageId = (SELECT a.CoverImageId FROM Articles a WHERE a.PendingRevisionId = ArticleRevisions.Id)
                WHERE Id IN (SELECT PendingRevisionId FROM Articles WHERE PendingRevisionId IS NOT NULL);
                """);
            migrationBuilder.Sql("""
                INSERT INTO ArticleRevisionAttachments (RevisionId, MediaFileId, SortOrder)
                SELECT a.PendingRevisionId, x.MediaFileId, x.SortOrder
                FROM Articles a JOIN ArticleAttachments x ON x.ArticleId = a.Id
                WHERE a.PendingRevisionId IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_ArticleRevisions_MediaFiles_CoverImageId",
                table: "ArticleRevisions");

            migrationBuilder.DropTable(
                name: "ArticleRevisionAttachments");

            migrationBuilder.DropIndex(
                name: "IX_ArticleRevisions_CoverImageId",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "Author",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "CoverImageId",
                table: "ArticleRevisions");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "ArticleRevisions");
        }
    }
}
