using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContentChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "SecrecyConfirmed",
                table: "ReviewRecords",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "BackdatedReason",
                table: "Articles",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RevisedAt",
                table: "Articles",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CheckListStamps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckListStamps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CheckTerms",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckTerms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FindingConfirmations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReviewRecordId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Found = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FindingConfirmations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FindingConfirmations_ReviewRecords_ReviewRecordId",
                        column: x => x.ReviewRecordId,
                        principalTable: "ReviewRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "CheckListStamps",
                columns: new[] { "Id", "Stamp" },
                values: new object[] { 1, new Guid("6c0a5e1e-0000-4000-8000-000000000000") });

            migrationBuilder.InsertData(
                table: "CheckTerms",
                columns: new[] { "Id", "CreatedAt", "Detail", "Kind", "Text", "ValidFrom", "ValidTo", "Version" },
                values: new object[,]
                {
                    { 1, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "安装", 1, "按装", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000001") },
                    { 2, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "即使", 1, "既使", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000002") },
                    { 3, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "再接再厉", 1, "再接再励", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000003") },
                    { 4, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "一如既往", 1, "一如继往", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000004") },
                    { 5, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "迫不及待", 1, "迫不急待", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000005") },
                    { 6, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "一筹莫展", 1, "一愁莫展", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000006") },
                    { 7, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "走投无路", 1, "走头无路", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000007") },
                    { 8, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "谈笑风生", 1, "谈笑风声", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000008") },
                    { 9, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "甘拜下风", 1, "甘败下风", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000009") },
                    { 10, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "既往不咎", 1, "既往不究", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000010") },
                    { 11, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "关键", 1, "关健", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000011") },
                    { 12, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "部署", 1, "部暑", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000012") },
                    { 13, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "松弛", 1, "松驰", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000013") },
                    { 14, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "针砭", 1, "针贬", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000014") },
                    { 15, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "竣工", 1, "峻工", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000015") },
                    { 16, new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Utc), "艰苦奋斗", 1, "坚苦奋斗", null, null, new Guid("6c0a5e1e-0000-4000-8000-000000000016") }
                });

            migrationBuilder.CreateIndex(
                name: "IX_CheckTerms_Kind_Text",
                table: "CheckTerms",
                columns: new[] { "Kind", "Text" });

            migrationBuilder.CreateIndex(
                name: "IX_FindingConfirmations_ReviewRecordId",
                table: "FindingConfirmations",
                column: "ReviewRecordId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CheckListStamps");

            migrationBuilder.DropTable(
                name: "CheckTerms");

            migrationBuilder.DropTable(
                name: "FindingConfirmations");

            migrationBuilder.DropColumn(
                name: "SecrecyConfirmed",
                table: "ReviewRecords");

            migrationBuilder.DropColumn(
                name: "BackdatedReason",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "RevisedAt",
                table: "Articles");
        }
    }
}
