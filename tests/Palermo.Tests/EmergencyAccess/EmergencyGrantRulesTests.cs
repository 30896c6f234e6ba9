using Palermo.EmergencyAccess;
using Palermo.Referrals;

namespace Palermo.Tests.EmergencyAccess;

/// <summary>The grant's own rules, without a database: what a user typing the form runs into first.</summary>
public sealed class EmergencyGrantRulesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("PAL-26-000123")]
    [InlineData("PAL-2026-00012")]
    [InlineData("XYZ-2026-000123")]
    [InlineData("PAL-2026-000123; DROP")]
    public void CheckReference_Malformed_NamesTheReference(string? reference) =>
        Assert.Equal("reference", Assert.Throws<DomainException>(() => EmergencyGrant.CheckReference(reference)).Field);

    [Fact]
    public void CheckReference_TypedInLowerCaseWithSpaces_IsTheReference() =>
        Assert.Equal("PAL-2026-000123", EmergencyGrant.CheckReference("  pal-2026-000123 "));

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("too short")]
    [InlineData("bell \u0007 in the middle of a long enough reason")]
    public void CheckReason_MissingShortOrControlCharacters_NamesTheReason(string? reason) =>
        Assert.Equal("reason", Assert.Throws<DomainException>(() => EmergencyGrant.CheckReason(reason)).Field);

    [Fact]
    public void CheckReason_OverTheMaximum_NamesTheReason_AtTheMaximumIsAccepted()
    {
        Assert.Equal("reason", Assert.Throws<DomainException>(() => EmergencyGrant.CheckReason(new string('a', EmergencyGrant.ReasonMaxLength + 1))).Field);
        Assert.Equal(EmergencyGrant.ReasonMaxLength, EmergencyGrant.CheckReason(new string('a', EmergencyGrant.ReasonMaxLength)).Length);
    }

    [Fact]
    public void ParseParts_NoneOrUnknown_NamesTheParts_KnownAreCombined()
    {
        Assert.Equal("parts", Assert.Throws<DomainException>(() => OpenEmergencyAccess.ParseParts([])).Field);
        Assert.Equal("parts", Assert.Throws<DomainException>(() => OpenEmergencyAccess.ParseParts(null)).Field);
        Assert.Equal("parts", Assert.Throws<DomainException>(() => OpenEmergencyAccess.ParseParts(["Notes"])).Field);
        Assert.Equal("parts", Assert.Throws<DomainException>(() => OpenEmergencyAccess.ParseParts(["None"])).Field);
        Assert.Equal("parts", Assert.Throws<DomainException>(() => OpenEmergencyAccess.ParseParts(["15"])).Field);
        Assert.Equal(SharedParts.Identity | SharedParts.Services, OpenEmergencyAccess.ParseParts(["Identity", "Services"]));
    }

    [Fact]
    public void DefaultParts_AreIdentityCaseDetailsServices_NotContacts()
    {
        Assert.True(EmergencyGrant.DefaultParts.HasFlag(SharedParts.Identity | SharedParts.CaseDetails | SharedParts.Services));
        Assert.False(EmergencyGrant.DefaultParts.HasFlag(SharedParts.Contacts));
    }
}
