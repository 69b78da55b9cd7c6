using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.SqlServer
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SortOrder = table.Column<int>(type: "int", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LetterDepartments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LetterTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    DeadlineWorkingDays = table.Column<int>(type: "int", nullable: false),
                    SortOrder = table.Column<int>(type: "int", nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TypeId = table.Column<int>(type: "int", nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "nvarchar(max)", maxLength: 5000, nullable: false),
                    WriterName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    WriterPhone = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    WriterEmail = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    WriterIp = table.Column<string>(type: "nvarchar(45)", maxLength: 45, nullable: true),
                    PersonalDataErasedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    MayPublish = table.Column<bool>(type: "bit", nullable: false),
                    QueryCodeHash = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    SubmissionKey = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DepartmentId = table.Column<int>(type: "int", nullable: true),
                    HandlerId = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    AssignmentNote = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Answer = table.Column<string>(type: "nvarchar(max)", maxLength: 10000, nullable: true),
                    AnsweredById = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    AnswerReviewedById = table.Column<string>(type: "nvarchar(450)", nullable: true),
                    AnswerReviewedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    DeclineReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
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
                    LetterId = table.Column<int>(type: "int", nullable: false),
                    MediaFileId = table.Column<int>(type: "int", nullable: false),
                    SortOrder = table.Column<int>(type: "int", nullable: false)
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
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    LetterId = table.Column<int>(type: "int", nullable: false),
                    At = table.Column<DateTime>(type: "datetime2", nullable: false),
                    ActorId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    Action = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    FromStatus = table.Column<int>(type: "int", nullable: true),
                    ToStatus = table.Column<int>(type: "int", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
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
