using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Palermo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Screening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Screening",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScreenedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ListVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectGroup = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Exploitation = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IndicatorIds = table.Column<string[]>(type: "text[]", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PositiveDimensions = table.Column<int[]>(type: "integer[]", nullable: false),
                    ForcedLabourListId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ForcedLabourListVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ForcedLabourIndicatorIds = table.Column<string[]>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    AttachedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Screening", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Screening_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningList",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ListVersion = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false),
                    ImportedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningList", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Screening_CaseId",
                table: "Screening",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Screening_OrganisationId_CreatedAt",
                table: "Screening",
                columns: new[] { "OrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningList_ListId_ListVersion",
                table: "ScreeningList",
                columns: new[] { "ListId", "ListVersion" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Screening");

            migrationBuilder.DropTable(
                name: "ScreeningList");
        }
    }
}
