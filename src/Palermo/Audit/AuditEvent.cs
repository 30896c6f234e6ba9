namespace Palermo.Audit;

/// <summary>
/// Numbered audit event types, a range of 100 (or 1000) per feature. Numbers are stored: never renumber.
/// </summary>
public enum AuditEvent
{
    // 1000–1099 accounts
    SignInSucceeded = 1000,
    SignInFailed = 1001,
    SignedOut = 1002,
    MfaEnrolled = 1003,
    MfaReset = 1004,
    RecoveryCodesGenerated = 1005,
    RecoveryCodeUsed = 1006,
    LockedOut = 1007,
    SignOutEverywhere = 1008,
    UserCreated = 1010,
    UserDeactivated = 1011,
    SignInLinkIssued = 1012,
    PasswordSet = 1013,
    SetupLinkIssued = 1014,
    SetupCompleted = 1015,
    UserRolesChanged = 1016,
    PasswordChanged = 1017,
    UserReactivated = 1018,

    // 1100–1199 organisations
    OrganisationCreated = 1100,
    OrganisationUpdated = 1101,

    // 1200–1299 keys and the audit log itself
    MasterKeyRotated = 1200,
    AuditCheckpointWritten = 1201,
    AuditVerified = 1202,
    DemoSeeded = 1203,
    AuditLogRead = 1204,
    AuditLogExported = 1205,

    // 1300–1399 persons (data subjects)
    PersonCreated = 1300,
    PersonRead = 1301,
    PersonUpdated = 1302,
    PersonErased = 1303,
    PersonDataExported = 1304,
    LegalHoldSet = 1305,
    LegalHoldReleased = 1306,
    RetentionPolicySet = 1307,
    RetentionRun = 1308,

    // 2000–2099 screening
    ScreeningRecorded = 2000,
    ScreeningViewed = 2001,
    ScreeningAttachedToCase = 2002,
    ScreeningListImported = 2010,

    // 2100–2199 cases
    CaseRegistered = 2100,
    CaseRead = 2101,
    CaseUpdated = 2102,
    CaseClosed = 2103,
    CaseReopened = 2104,
    CaseDecisionRecorded = 2105,
    CaseListed = 2106,
    DuplicateWarningShown = 2107,
    CasesImported = 2110,
    CasesExported = 2111,
    CaseNoteAdded = 2120,
    CaseNotesRead = 2121,
    CaseAttachmentAdded = 2122,
    CaseAttachmentDownloaded = 2123,
    CaseAttachmentDeleted = 2130,
    CaseMovedToFollowUp = 2140,
    CaseWorkerAssigned = 2150,
    CaseWorkerUnassigned = 2151,
    /// <summary>A lookup by case reference; the detail is the number of cases found ("1 found"), never the reference typed.</summary>
    CaseLookedUpByReference = 2160,
    /// <summary>A lookup by identity document number; the detail is the number of cases found, never the number typed.</summary>
    CaseLookedUpByDocument = 2161,
    /// <summary>A typo-tolerant name search; the detail is the number of cases found, never the name.</summary>
    CasesSearchedByName = 2162,
    /// <summary>A retention run applied one organisation's schedule: counts only (persons and cases erased, persons
    /// kept on a legal hold or under an active referral); entity = the organisation.</summary>
    RetentionApplied = 2170,

    // 2200–2299 consent
    ConsentRecorded = 2200,
    ConsentWithdrawn = 2201,
    ConsentOverrideRequested = 2202,
    ConsentOverrideApproved = 2203,
    /// <summary>Another supervisor was named to approve a waiting override; the detail is the previous approver's
    /// account id ("previous approver &lt;id&gt;"), never a name or address.</summary>
    ConsentOverrideApproverChanged = 2204,
    ConsentOverridesListed = 2210,
    ConsentOverrideRefused = 2230,

    // 2300–2399 assistance
    ServiceRecorded = 2300,
    ServiceUpdated = 2320,
    ServiceTypeAdded = 2321,
    ServiceTypeRenamed = 2322,
    ServiceTypeDeactivated = 2323,
    ServiceTypeReactivated = 2324,
    SupportPlanRecorded = 2310,
    SupportPlanUpdated = 2311,

    // 2400–2499 referrals
    ReferralCreated = 2400,
    ReferralAccepted = 2401,
    ReferralDeclined = 2402,
    ReferralCompleted = 2403,
    ReferralWithdrawn = 2404,
    /// <summary>Consent to share identifiable data was withdrawn: the referral no longer shows identity or contacts.</summary>
    ReferralIdentityWithheld = 2420,

    // 2440–2459 emergency (break-glass) access to another organisation's case, without a referral. Entity = the case;
    // the detail names the grant ("emergency access <id>") or, for a refusal, why in a few words — never the reason.
    EmergencyAccessOpened = 2440,
    /// <summary>An attempt refused (unknown or malformed reference, own case, erased person, daily limit, bad input):
    /// probing stays visible. The detail is the refusal's kind, never the reference typed.</summary>
    EmergencyAccessRefused = 2441,
    EmergencyAccessEnded = 2442,
    EmergencyAccessRevoked = 2443,
    /// <summary>A data protection officer's verdict; the detail is "justified" or "not justified", never the note.</summary>
    EmergencyAccessReviewed = 2444,
    /// <summary>The sealed reason was opened for a data protection officer's review list.</summary>
    EmergencyAccessReasonRead = 2445,
    // 4000–4099 statistics
    StatisticsExported = 4000,
    StatisticsUnsuppressedExported = 4001,
    StatisticsCtdcExported = 4002,
    PublicationDrafted = 4010,
    PublicationApproved = 4011,
    PublicationWithdrawn = 4012,

    // 4100–4199 cross-agency linkage inside Palermo
    LinkageProjectCreated = 4100,
    LinkageEncodingsExported = 4101,
    LinkageEncodingsDownloaded = 4102,
    LinkageExternalFileUploaded = 4103,
    LinkageRun = 4104,
    LinkageResultViewed = 4105,
    LinkageResolutionViewed = 4106,
    LinkageEstimateRead = 4107,
    LinkageRunQueued = 4110,
    LinkageRunFailed = 4111,
    LinkageSecretExported = 4112,
    // 3000–3999 prosecution; 4000–4999 statistics and linkage; 5000–5999 grants; 6000–6999 tips and awareness
}
