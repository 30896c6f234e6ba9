using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Palermo.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CrossAgency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LinkageProject",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SealedSecret = table.Column<byte[]>(type: "bytea", nullable: false),
                    MasterKeyId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageProject", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LinkageResult",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    SubmissionIds = table.Column<string>(type: "text", nullable: false),
                    Sizes = table.Column<string>(type: "text", nullable: false),
                    Groups = table.Column<string>(type: "text", nullable: false),
                    Records = table.Column<int>(type: "integer", nullable: false),
                    UniquePersons = table.Column<int>(type: "integer", nullable: false),
                    RunByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    RunAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageResult", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LinkageResult_LinkageProject_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "LinkageProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkageSubmission",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Encodings = table.Column<byte[]>(type: "bytea", nullable: false),
                    PersonMap = table.Column<string>(type: "text", nullable: true),
                    SubmittedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageSubmission", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LinkageSubmission_LinkageProject_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "LinkageProject",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LinkageSubmission_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LinkageResult_ProjectId_RunAt",
                table: "LinkageResult",
                columns: new[] { "ProjectId", "RunAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkageSubmission_OrganisationId",
                table: "LinkageSubmission",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageSubmission_ProjectId_OrganisationId",
                table: "LinkageSubmission",
                columns: new[] { "ProjectId", "OrganisationId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LinkageResult");

            migrationBuilder.DropTable(
                name: "LinkageSubmission");

            migrationBuilder.DropTable(
                name: "LinkageProject");
        }
    }
}
