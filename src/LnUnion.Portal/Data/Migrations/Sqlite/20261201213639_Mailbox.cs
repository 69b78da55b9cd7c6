using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Mailbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LetterDepartments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterDepartments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LetterTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DeadlineWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterTypes", x => x.Id);
                    table.CheckConstraint("CK_LetterTypes_Deadline", "DeadlineWorkingDays BETWEEN 1 AND 60");
                });

            migrationBuilder.CreateTable(
                name: "Letters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    WriterName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    WriterPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    WriterEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    WriterIp = table.Column<string>(type: "TEXT", maxLength: 45, nullable: true),
                    PersonalDataErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MayPublish = table.Column<bool>(type: "INTEGER", nullable: false),
                    QueryCodeHash = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmissionKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    HandlerId = table.Column<string>(type: "TEXT", nullable: true),
                    AssignmentNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    AnsweredById = table.Column<string>(type: "TEXT", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AnswerReviewedById = table.Column<string>(type: "TEXT", nullable: true),
                    AnswerReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DeclineReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Letters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Letters_AspNetUsers_AnswerReviewedById",
                        column: x => x.AnswerReviewedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Letters_AspNetUsers_AnsweredById",
                        column: x => x.AnsweredById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Letters_AspNetUsers_HandlerId",
                        column: x => x.HandlerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Letters_LetterDepartments_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "LetterDepartments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Letters_LetterTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "LetterTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LetterAttachments",
                columns: table => new
                {
                    LetterId = table.Column<int>(type: "INTEGER", nullable: false),
                    MediaFileId = table.Column<int>(type: "INTEGER", nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterAttachments", x => new { x.LetterId, x.MediaFileId });
                    table.ForeignKey(
                        name: "FK_LetterAttachments_Letters_LetterId",
                        column: x => x.LetterId,
                        principalTable: "Letters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LetterAttachments_MediaFiles_MediaFileId",
                        column: x => x.MediaFileId,
                        principalTable: "MediaFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LetterEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LetterId = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FromStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ToStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LetterEvents_AspNetUsers_ActorId",
                        column: x => x.ActorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_LetterEvents_Letters_LetterId",
                        column: x => x.LetterId,
                        principalTable: "Letters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LetterAttachments_MediaFileId",
                table: "LetterAttachments",
                column: "MediaFileId");

            migrationBuilder.CreateIndex(
                name: "IX_LetterDepartments_Name",
                table: "LetterDepartments",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LetterEvents_ActorId",
                table: "LetterEvents",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_LetterEvents_LetterId_At",
                table: "LetterEvents",
                columns: new[] { "LetterId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Letters_AnsweredById",
                table: "Letters",
                column: "AnsweredById");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_AnswerReviewedById",
                table: "Letters",
                column: "AnswerReviewedById");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_DepartmentId",
                table: "Letters",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_HandlerId",
                table: "Letters",
                column: "HandlerId");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_QueryCodeHash",
                table: "Letters",
                column: "QueryCodeHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Letters_ReceivedAt",
                table: "Letters",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Letters_Status_DueOn",
                table: "Letters",
                columns: new[] { "Status", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Letters_Status_PublishedAt",
                table: "Letters",
                columns: new[] { "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Letters_SubmissionKey",
                table: "Letters",
                column: "SubmissionKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Letters_TypeId",
                table: "Letters",
                column: "TypeId");

            migrationBuilder.CreateIndex(
                name: "IX_LetterTypes_Name",
                table: "LetterTypes",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LetterAttachments");

            migrationBuilder.DropTable(
                name: "LetterEvents");

            migrationBuilder.DropTable(
                name: "Letters");

            migrationBuilder.DropTable(
                name: "LetterDepartments");

            migrationBuilder.DropTable(
                name: "LetterTypes");
        }
    }
}
