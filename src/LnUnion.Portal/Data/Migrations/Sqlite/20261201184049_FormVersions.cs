using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LnUnion.Portal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FormVersions : Migration
    {
        // Not the empty GUID: a hand-made post without a version carries that one, and must not match a row.
        private static readonly Guid ExistingRowsVersion = new("5d1c3f0e-7a2b-4c89-9e61-3b8f2a4d6c17");

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "ServiceAccounts",
                type: "TEXT",
                nullable: false,
                defaultValue: ExistingRowsVersion);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "FriendlyLinks",
                type: "TEXT",
                nullable: false,
                defaultValue: ExistingRowsVersion);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "Channels",
                type: "TEXT",
                nullable: false,
                defaultValue: ExistingRowsVersion);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "ServiceAccounts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "FriendlyLinks");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Channels");
        }
    }
}
