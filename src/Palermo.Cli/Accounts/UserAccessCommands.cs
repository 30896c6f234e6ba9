using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Cli.Infrastructure;
using Palermo.Data;
using Spectre.Console.Cli;

namespace Palermo.Cli.Accounts;

/// <summary>
/// `palermo users list`, `palermo users reset|deactivate|reactivate --email E`: the operator's way to act on one account from the server,
/// as a system administrator would on /Admin/Users. `reset` is also the way back in for a lone system administrator
/// who lost both their phone and their recovery codes.
/// </summary>
internal static class UserAccessCommands
{
    internal class EmailSettings : CommandSettings
    {
        [CommandOption("--email <EMAIL>")] public string? Email { get; init; }
    }

    internal sealed class ResetSettings : EmailSettings
    {
        [CommandOption("--mfa"), Description("Also remove the authenticator and recovery codes (a lost or stolen phone)")]
        public bool Mfa { get; init; }
    }

    private static readonly Dictionary<string, string> EmailOption = new() { ["email"] = "--email", ["user"] = "--email" };

    internal sealed class ResetCommand(IServiceScopeFactory scopes, PalermoSettings config) : PalermoCommand<ResetSettings>
    {
        protected override IReadOnlyDictionary<string, string> Options => EmailOption;

        protected override async Task<int> RunAsync(ResetSettings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            var token = await scope.ServiceProvider.GetRequiredService<IssueSignInLink>().HandleByEmailAsync(s.Email, s.Mfa, ct);
            // Printing the link is the purpose of this command: hand it to the person over a trusted channel.
            Line($"{config.PublicUrl}/Account/Welcome?token={token}");
            return 0;
        }
    }

    internal sealed class NoSettings : CommandSettings;

    /// <summary>Every account: address, organisation, roles, authenticator enrolled, active (tab-separated, by address).</summary>
    internal sealed class ListCommand(IServiceScopeFactory scopes) : PalermoCommand<NoSettings>
    {
        protected override async Task<int> RunAsync(NoSettings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            foreach (var u in await scope.ServiceProvider.GetRequiredService<ListUsers>().HandleAsync(Actor.Cli, ct: ct))
            {
                Line(string.Join('\t', u.Email, u.OrganisationName ?? "-", string.Join(',', u.Roles),
                    u.MfaEnrolled ? "mfa" : "no-mfa", u.IsActive ? (u.LockedOut ? "locked" : "active") : "deactivated"));
            }

            return 0;
        }
    }

    internal abstract class ActiveCommand(IServiceScopeFactory scopes, bool active, string done) : PalermoCommand<EmailSettings>
    {
        protected override IReadOnlyDictionary<string, string> Options => EmailOption;

        protected override async Task<int> RunAsync(EmailSettings s, CancellationToken ct)
        {
            await using var scope = await OpenAsync(scopes, ct);
            await scope.ServiceProvider.GetRequiredService<SetUserActive>().HandleByEmailAsync(s.Email, active, ct);
            Line(done);
            return 0;
        }
    }

    internal sealed class DeactivateCommand(IServiceScopeFactory scopes)
        : ActiveCommand(scopes, false, "deactivated: every session of the account has ended and it cannot sign in");

    internal sealed class ReactivateCommand(IServiceScopeFactory scopes)
        : ActiveCommand(scopes, true, "reactivated: the account can sign in again with its password and authenticator");

    private static async Task<AsyncServiceScope> OpenAsync(IServiceScopeFactory scopes, CancellationToken ct)
    {
        var scope = scopes.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<PalermoDbContext>(), ct);
        return scope;
    }
}
