using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Palermo.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntry",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Event = table.Column<int>(type: "INTEGER", nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClientAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PrevHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntry", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CaseReferenceCounter",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Next = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseReferenceCounter", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "DataKey",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MasterKeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Wrapped = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DestroyedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataKey", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobLease",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Until = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLease", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "LinkageProject",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SealedSecret = table.Column<byte[]>(type: "BLOB", nullable: false),
                    MasterKeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RunQueuedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RunQueuedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RunStage = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RunPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    RunError = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageProject", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OneTimeLink",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OneTimeLink", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Organisation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Organisation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetentionPolicy",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClosedCaseYears = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionPolicy", x => x.OrganisationId);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningList",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ListId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ListVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningList", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceType",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceType", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "StatisticsPublication",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    FromYear = table.Column<int>(type: "INTEGER", nullable: false),
                    ToYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    ApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Snapshot = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatisticsPublication", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UnknownSignIn",
                columns: table => new
                {
                    AddressIndex = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFailure = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnknownSignIn", x => x.AddressIndex);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkageResult",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    SubmissionIds = table.Column<string>(type: "TEXT", nullable: false),
                    Sizes = table.Column<string>(type: "TEXT", nullable: false),
                    Groups = table.Column<string>(type: "TEXT", nullable: false),
                    Records = table.Column<int>(type: "INTEGER", nullable: false),
                    UniquePersons = table.Column<int>(type: "INTEGER", nullable: false),
                    RunByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RunAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastSignInFailureAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "LinkageSubmission",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Encodings = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PersonMap = table.Column<string>(type: "TEXT", nullable: true),
                    SubmittedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "Person",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DataKeyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GivenName = table.Column<byte[]>(type: "BLOB", nullable: false),
                    FamilyName = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Aliases = table.Column<byte[]>(type: "BLOB", nullable: true),
                    BirthDate = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Languages = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Contacts = table.Column<byte[]>(type: "BLOB", nullable: true),
                    DocumentNumber = table.Column<byte[]>(type: "BLOB", nullable: true),
                    MailingAddress = table.Column<byte[]>(type: "BLOB", nullable: true),
                    NameIndex = table.Column<string>(type: "TEXT", maxLength: 44, nullable: false),
                    DocumentIndex = table.Column<string>(type: "TEXT", maxLength: 44, nullable: true),
                    NameEncoding = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Gender = table.Column<int>(type: "INTEGER", nullable: false),
                    Citizenships = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LegalHold = table.Column<bool>(type: "INTEGER", nullable: false),
                    LegalHoldReason = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Person", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Person_DataKey_DataKeyId",
                        column: x => x.DataKeyId,
                        principalTable: "DataKey",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Person_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PersonEncodingStamp",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonEncodingStamp", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_PersonEncodingStamp_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReferralAccessChange",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PreviousStamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<long>(type: "INTEGER", nullable: false),
                    ReferralIds = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralAccessChange", x => new { x.OrganisationId, x.PreviousStamp });
                    table.ForeignKey(
                        name: "FK_ReferralAccessChange_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReferralAccessStamp",
                columns: table => new
                {
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stamp = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralAccessStamp", x => x.OrganisationId);
                    table.ForeignKey(
                        name: "FK_ReferralAccessStamp_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Screening",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScreenedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    ListId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ListVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubjectGroup = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Exploitation = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IndicatorIds = table.Column<string>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PositiveDimensions = table.Column<string>(type: "TEXT", nullable: false),
                    ForcedLabourListId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ForcedLabourListVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ForcedLabourIndicatorIds = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AttachedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RoleId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Case",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TraffickingStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    StatusDecidedBy = table.Column<int>(type: "INTEGER", nullable: true),
                    ReasonableGroundsDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReasonableGroundsOutcome = table.Column<int>(type: "INTEGER", nullable: true),
                    ReasonableGroundsReasons = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ConclusiveGroundsDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConclusiveGroundsOutcome = table.Column<int>(type: "INTEGER", nullable: true),
                    ConclusiveGroundsReasons = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Exploitation = table.Column<int>(type: "INTEGER", nullable: false),
                    MethodsOfControl = table.Column<int>(type: "INTEGER", nullable: false),
                    LabourIndustry = table.Column<int>(type: "INTEGER", nullable: true),
                    SexExploitation = table.Column<int>(type: "INTEGER", nullable: false),
                    RelationshipToTrafficker = table.Column<int>(type: "INTEGER", nullable: true),
                    MethodsOfRecruitment = table.Column<int>(type: "INTEGER", nullable: false),
                    ReferringOrganisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    IncomingReferralDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReasonForIncomingReferral = table.Column<int>(type: "INTEGER", nullable: true),
                    PerpetratorRoles = table.Column<int>(type: "INTEGER", nullable: false),
                    Perpetrator = table.Column<byte[]>(type: "BLOB", nullable: true),
                    CountryOfDetection = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    IdentificationDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AgeAtIdentification = table.Column<int>(type: "INTEGER", nullable: true),
                    ChildAtExploitation = table.Column<bool>(type: "INTEGER", nullable: false),
                    Guardian = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Risk = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Case", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Case_Organisation_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Case_Person_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Person",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Consent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedAs = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WithdrawnAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WithdrawnByUserId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Consent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Consent_Person_PersonId",
                        column: x => x.PersonId,
                        principalTable: "Person",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseAssignment",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAssignment", x => new { x.CaseId, x.UserId });
                    table.ForeignKey(
                        name: "FK_CaseAssignment_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseAttachment",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UploadedByOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAttachment", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAttachment_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseEvent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    City = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseEvent", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseEvent_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CaseNote",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Text = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseNote", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseNote_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseStatistics",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Counted = table.Column<bool>(type: "INTEGER", nullable: false),
                    PersonKey = table.Column<long>(type: "INTEGER", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Codes = table.Column<long>(type: "INTEGER", nullable: false),
                    Places = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseStatistics", x => x.CaseId);
                    table.ForeignKey(
                        name: "FK_CaseStatistics_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EmergencyGrant",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccessorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Parts = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<byte[]>(type: "BLOB", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false),
                    OwnerReview = table.Column<int>(type: "INTEGER", nullable: true),
                    OwnerReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OwnerReviewerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OwnerReviewNote = table.Column<byte[]>(type: "BLOB", nullable: true),
                    AccessorReview = table.Column<int>(type: "INTEGER", nullable: true),
                    AccessorReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AccessorReviewerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AccessorReviewNote = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyGrant", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmergencyGrant_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EmergencyGrant_Organisation_AccessorOrganisationId",
                        column: x => x.AccessorOrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EmergencyGrant_Organisation_OwnerOrganisationId",
                        column: x => x.OwnerOrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Referral",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Services = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Parts = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ConsentOverridden = table.Column<bool>(type: "INTEGER", nullable: false),
                    OverrideReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OverrideApproverId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OverrideApprovedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OverrideRefusedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referral", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Referral_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referral_Organisation_FromOrganisationId",
                        column: x => x.FromOrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referral_Organisation_ToOrganisationId",
                        column: x => x.ToOrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceRecord",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceRecord", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceRecord_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceRecord_Organisation_ProviderOrganisationId",
                        column: x => x.ProviderOrganisationId,
                        principalTable: "Organisation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ServiceRecord_ServiceType_ServiceCode",
                        column: x => x.ServiceCode,
                        principalTable: "ServiceType",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SupportPlan",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Types = table.Column<int>(type: "INTEGER", nullable: false),
                    Objectives = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ActionPlan = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PlannedEndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ActualEndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupportPlan", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SupportPlan_Case_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Case",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "Id", "ConcurrencyStamp", "Name", "NormalizedName" },
                values: new object[,]
                {
                    { new Guid("00000001-0000-0000-0000-000000000000"), "SystemAdministrator", "SystemAdministrator", "SYSTEMADMINISTRATOR" },
                    { new Guid("00000002-0000-0000-0000-000000000000"), "OrganisationAdministrator", "OrganisationAdministrator", "ORGANISATIONADMINISTRATOR" },
                    { new Guid("00000003-0000-0000-0000-000000000000"), "FrontlineOfficer", "FrontlineOfficer", "FRONTLINEOFFICER" },
                    { new Guid("00000004-0000-0000-0000-000000000000"), "CaseWorker", "CaseWorker", "CASEWORKER" },
                    { new Guid("00000005-0000-0000-0000-000000000000"), "CaseSupervisor", "CaseSupervisor", "CASESUPERVISOR" },
                    { new Guid("00000006-0000-0000-0000-000000000000"), "Investigator", "Investigator", "INVESTIGATOR" },
                    { new Guid("00000007-0000-0000-0000-000000000000"), "Analyst", "Analyst", "ANALYST" },
                    { new Guid("00000008-0000-0000-0000-000000000000"), "NationalCoordinator", "NationalCoordinator", "NATIONALCOORDINATOR" },
                    { new Guid("00000009-0000-0000-0000-000000000000"), "FundManager", "FundManager", "FUNDMANAGER" },
                    { new Guid("0000000a-0000-0000-0000-000000000000"), "DataProtectionOfficer", "DataProtectionOfficer", "DATAPROTECTIONOFFICER" }
                });

            migrationBuilder.InsertData(
                table: "AuditHead",
                columns: new[] { "Id", "Hash", "Sequence" },
                values: new object[] { 1, "0000000000000000000000000000000000000000000000000000000000000000", 0L });

            migrationBuilder.InsertData(
                table: "ServiceType",
                columns: new[] { "Code", "IsActive", "Name" },
                values: new object[,]
                {
                    { "education", true, "Education" },
                    { "financial", true, "Financial assistance" },
                    { "food", true, "Food" },
                    { "interpretation", true, "Interpretation" },
                    { "legal-aid", true, "Legal aid" },
                    { "medical", true, "Medical care" },
                    { "psychosocial", true, "Psychosocial support" },
                    { "reflection-period", true, "Recovery and reflection period" },
                    { "reintegration", true, "Reintegration" },
                    { "residence-permit", true, "Residence permit" },
                    { "return", true, "Return / repatriation" },
                    { "shelter", true, "Shelter" },
                    { "vocational-training", true, "Vocational training" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_OrganisationId",
                table: "AspNetUsers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntry_ActorId_Sequence",
                table: "AuditEntry",
                columns: new[] { "ActorId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntry_At",
                table: "AuditEntry",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntry_EntityType_EntityId",
                table: "AuditEntry",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntry_OrganisationId_Event_Sequence",
                table: "AuditEntry",
                columns: new[] { "OrganisationId", "Event", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntry_OrganisationId_Sequence",
                table: "AuditEntry",
                columns: new[] { "OrganisationId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Case_OrganisationId_ExternalId",
                table: "Case",
                columns: new[] { "OrganisationId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Case_OrganisationId_IdentificationDate_Reference_Status_CountryOfDetection_Exploitation",
                table: "Case",
                columns: new[] { "OrganisationId", "IdentificationDate", "Reference", "Status", "CountryOfDetection", "Exploitation" });

            migrationBuilder.CreateIndex(
                name: "IX_Case_OrganisationId_Status_IdentificationDate_Reference_CountryOfDetection_Exploitation",
                table: "Case",
                columns: new[] { "OrganisationId", "Status", "IdentificationDate", "Reference", "CountryOfDetection", "Exploitation" });

            migrationBuilder.CreateIndex(
                name: "IX_Case_PersonId",
                table: "Case",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_Case_Reference",
                table: "Case",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseAssignment_UserId",
                table: "CaseAssignment",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseAttachment_CaseId_CreatedAt",
                table: "CaseAttachment",
                columns: new[] { "CaseId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseEvent_CaseId",
                table: "CaseEvent",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseNote_CaseId_CreatedAt",
                table: "CaseNote",
                columns: new[] { "CaseId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Consent_PersonId_Purpose",
                table: "Consent",
                columns: new[] { "PersonId", "Purpose" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyGrant_AccessorOrganisationId_AccessorReviewedAt_OpenedAt",
                table: "EmergencyGrant",
                columns: new[] { "AccessorOrganisationId", "AccessorReviewedAt", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyGrant_CaseId",
                table: "EmergencyGrant",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyGrant_OwnerOrganisationId_OwnerReviewedAt_OpenedAt",
                table: "EmergencyGrant",
                columns: new[] { "OwnerOrganisationId", "OwnerReviewedAt", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyGrant_UserId_CaseId_EndsAt",
                table: "EmergencyGrant",
                columns: new[] { "UserId", "CaseId", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyGrant_UserId_OpenedAt",
                table: "EmergencyGrant",
                columns: new[] { "UserId", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkageProject_RunQueuedAt",
                table: "LinkageProject",
                column: "RunQueuedAt");

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

            migrationBuilder.CreateIndex(
                name: "IX_OneTimeLink_TokenHash",
                table: "OneTimeLink",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organisation_Name",
                table: "Organisation",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Person_DataKeyId",
                table: "Person",
                column: "DataKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_Person_OrganisationId_DocumentIndex",
                table: "Person",
                columns: new[] { "OrganisationId", "DocumentIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Person_OrganisationId_NameIndex",
                table: "Person",
                columns: new[] { "OrganisationId", "NameIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_Referral_CaseId_ToOrganisationId_State_ValidUntil_Parts",
                table: "Referral",
                columns: new[] { "CaseId", "ToOrganisationId", "State", "ValidUntil", "Parts" });

            migrationBuilder.CreateIndex(
                name: "IX_Referral_FromOrganisationId",
                table: "Referral",
                column: "FromOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_Referral_OverrideApproverId_State",
                table: "Referral",
                columns: new[] { "OverrideApproverId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Referral_ToOrganisationId_State_ValidUntil_Parts_CaseId",
                table: "Referral",
                columns: new[] { "ToOrganisationId", "State", "ValidUntil", "Parts", "CaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralAccessChange_OrganisationId_At",
                table: "ReferralAccessChange",
                columns: new[] { "OrganisationId", "At" });

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

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRecord_CaseId",
                table: "ServiceRecord",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRecord_ProviderOrganisationId",
                table: "ServiceRecord",
                column: "ProviderOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceRecord_ServiceCode",
                table: "ServiceRecord",
                column: "ServiceCode");

            migrationBuilder.CreateIndex(
                name: "IX_StatisticsPublication_State",
                table: "StatisticsPublication",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_SupportPlan_CaseId",
                table: "SupportPlan",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UnknownSignIn_LastFailure",
                table: "UnknownSignIn",
                column: "LastFailure");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntry");

            migrationBuilder.DropTable(
                name: "AuditHead");

            migrationBuilder.DropTable(
                name: "CaseAssignment");

            migrationBuilder.DropTable(
                name: "CaseAttachment");

            migrationBuilder.DropTable(
                name: "CaseEvent");

            migrationBuilder.DropTable(
                name: "CaseNote");

            migrationBuilder.DropTable(
                name: "CaseReferenceCounter");

            migrationBuilder.DropTable(
                name: "CaseStatistics");

            migrationBuilder.DropTable(
                name: "Consent");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "EmergencyGrant");

            migrationBuilder.DropTable(
                name: "JobLease");

            migrationBuilder.DropTable(
                name: "LinkageResult");

            migrationBuilder.DropTable(
                name: "LinkageSubmission");

            migrationBuilder.DropTable(
                name: "OneTimeLink");

            migrationBuilder.DropTable(
                name: "PersonEncodingStamp");

            migrationBuilder.DropTable(
                name: "Referral");

            migrationBuilder.DropTable(
                name: "ReferralAccessChange");

            migrationBuilder.DropTable(
                name: "ReferralAccessStamp");

            migrationBuilder.DropTable(
                name: "RetentionPolicy");

            migrationBuilder.DropTable(
                name: "Screening");

            migrationBuilder.DropTable(
                name: "ScreeningList");

            migrationBuilder.DropTable(
                name: "ServiceRecord");

            migrationBuilder.DropTable(
                name: "StatisticsPublication");

            migrationBuilder.DropTable(
                name: "SupportPlan");

            migrationBuilder.DropTable(
                name: "UnknownSignIn");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "LinkageProject");

            migrationBuilder.DropTable(
                name: "ServiceType");

            migrationBuilder.DropTable(
                name: "Case");

            migrationBuilder.DropTable(
                name: "Person");

            migrationBuilder.DropTable(
                name: "DataKey");

            migrationBuilder.DropTable(
                name: "Organisation");
        }
    }
}
