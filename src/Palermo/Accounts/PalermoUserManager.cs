using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Palermo.Accounts;

/// <summary>
/// Identity's user manager, with one change: a count of failed sign-ins is forgotten after
/// <see cref="UnknownAccountSignIns.KeepCountsFor"/> without another failure, as an address without an account's count
/// is. Otherwise a real account kept one to four failures until it signed in, and an outsider who waited a month after
/// four failures could tell a registered address (locked at the next failure) from an unknown one (counting afresh).
/// </summary>
public sealed class PalermoUserManager(
    IUserStore<PalermoUser> store, IOptions<IdentityOptions> options, IPasswordHasher<PalermoUser> hasher,
    IEnumerable<IUserValidator<PalermoUser>> userValidators, IEnumerable<IPasswordValidator<PalermoUser>> passwordValidators,
    ILookupNormalizer normalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<PalermoUser>> logger)
    : UserManager<PalermoUser>(store, options, hasher, userValidators, passwordValidators, normalizer, errors, services, logger)
{
    public override Task<IdentityResult> AccessFailedAsync(PalermoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // The wall clock, as Identity's lockout and UnknownAccountSignIns judge by it.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        // Set on the entity before the base method counts and saves it, so the reset and the new failure are one write.
        if (user.AccessFailedCount > 0 && user.LastSignInFailureAt is { } last && now - last >= UnknownAccountSignIns.KeepCountsFor) user.AccessFailedCount = 0;
        user.LastSignInFailureAt = now;
        return base.AccessFailedAsync(user);
    }
}
