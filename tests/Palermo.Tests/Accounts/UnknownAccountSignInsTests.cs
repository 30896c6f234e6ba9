using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Palermo.Accounts;

namespace Palermo.Tests.Accounts;

public sealed class UnknownAccountSignInsTests
{
    private static (UnknownAccountSignIns Tracker, FakeTimeProvider Time) Make(int maxTracked = UnknownAccountSignIns.DefaultMaxTracked)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 30, 9, 0, 0, TimeSpan.Zero));
        return (new UnknownAccountSignIns(time, Options.Create(new PasswordHasherOptions()), maxTracked), time);
    }

    [Fact]
    public void FifthFailure_Locks_ForFifteenMinutes_ThenCountingStartsAgain()
    {
        var (tracker, time) = Make();
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) Assert.False(tracker.Fail("nobody@example.org", "guess " + i), $"failure {i}");
        Assert.True(tracker.Fail("nobody@example.org", "guess 5"));
        Assert.True(tracker.IsLockedOut("nobody@example.org"));

        time.Advance(IdentityDefaults.LockoutDuration - TimeSpan.FromSeconds(1));
        Assert.True(tracker.IsLockedOut("nobody@example.org"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(tracker.IsLockedOut("nobody@example.org"));

        // As with a real account, the lock's end gives a full new count, not one more try.
        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) Assert.False(tracker.Fail("nobody@example.org", "again " + i), $"failure {i} after the lock");
        Assert.True(tracker.Fail("nobody@example.org", "again 5"));
    }

    [Fact]
    public void TheAddress_IsCountedWhateverItsCaseOrSurroundingSpaces_AndOtherAddressesAreNotLocked()
    {
        var (tracker, _) = Make();
        string[] forms = ["Officer@Example.org", "officer@example.org", " OFFICER@EXAMPLE.ORG ", "officer@EXAMPLE.org", "officer@example.org"];
        foreach (var f in forms) tracker.Fail(f, "guess");
        Assert.True(tracker.IsLockedOut("officer@example.org"));
        Assert.False(tracker.IsLockedOut("officer2@example.org"));
    }

    [Fact]
    public void WhenFull_OldEntriesMakeRoom_AndANewAddressIsStillCountedToTheLock()
    {
        var (tracker, time) = Make(maxTracked: 4);
        for (var a = 0; a < 4; a++)
        {
            tracker.Fail($"old{a}@example.org", "guess");
            time.Advance(TimeSpan.FromSeconds(1));
        }

        for (var i = 1; i < IdentityDefaults.MaxFailedSignIns; i++) Assert.False(tracker.Fail("new@example.org", "guess " + i));
        Assert.True(tracker.Fail("new@example.org", "guess 5"));
        Assert.True(tracker.IsLockedOut("new@example.org"));
    }
}
