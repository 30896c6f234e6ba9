using Microsoft.Extensions.DependencyInjection;
using Palermo;
using Palermo.Cli.Accounts;
using Palermo.Cli.Assistance;
using Palermo.Cli.Audit;
using Palermo.Cli.Cases;
using Palermo.Cli.Data;
using Palermo.Cli.Demo;
using Palermo.Cli.Infrastructure;
using Palermo.Cli.Linkage;
using Palermo.Cli.Organisations;
using Palermo.Cli.Privacy;
using Palermo.Cli.Statistics;
using Palermo.Data;
using Spectre.Console.Cli;

var (config, rest) = CliConfiguration.Build(args);
PalermoSettings settings;
try
{
    settings = PalermoSettings.From(config);
}
catch (DomainException ex)
{
    // The settings' messages start with the setting's name ("Database:Provider must be …"): the same "NAME: message" as every command.
    var message = ex.Message.StartsWith(ex.Field + " ", StringComparison.Ordinal) ? ex.Message[(ex.Field.Length + 1)..] : ex.Message;
    return PalermoCommand<CommandSettings>.Fail(ex.Field, message, 2);
}

var services = new ServiceCollection();
services.AddPalermo(settings);
services.AddPalermoUseCases();

var app = new CommandApp(new TypeRegistrar(services));
app.Configure(c =>
{
    c.SetApplicationName("palermo");
    c.PropagateExceptions();
    // An option the command does not have is an error, not silently ignored (a typo must not change nothing quietly).
    c.UseStrictParsing();
    c.AddBranch("db", db =>
    {
        db.SetDescription("The database schema.");
        db.AddCommand<MigrateCommand>("migrate").WithDescription("Create or update the database schema.");
    });
    c.AddBranch("orgs", o =>
    {
        o.SetDescription("Organisations (agencies, NGOs) that hold cases.");
        o.AddCommand<CreateOrganisationCommand>("create").WithDescription("Create an organisation; prints its id.");
        o.AddCommand<ListOrganisationsCommand>("list").WithDescription("Print id, status, kind, country and name of every organisation.");
    });
    c.AddBranch("users", u =>
    {
        u.SetDescription("Accounts: create, list, reset, deactivate, reactivate.");
        u.AddCommand<CreateUserCommand>("create").WithDescription("Create a user; prints a one-time sign-in link.");
        u.AddCommand<UserAccessCommands.ListCommand>("list").WithDescription("Print every account: e-mail, organisation, roles, MFA, status.");
        u.AddCommand<UserAccessCommands.ResetCommand>("reset").WithDescription("Print a new one-time sign-in link for an account (--mfa: also a new authenticator).");
        u.AddCommand<UserAccessCommands.DeactivateCommand>("deactivate").WithDescription("End every session of an account and stop it signing in.");
        u.AddCommand<UserAccessCommands.ReactivateCommand>("reactivate").WithDescription("Let a deactivated account sign in again.");
    });
    c.AddBranch("keys", k =>
    {
        k.SetDescription("The master key that wraps every data key.");
        k.AddCommand<RotateKeysCommand>("rotate").WithDescription("Re-wrap every data key under a new master key.");
    });
    c.AddBranch("retention", r =>
    {
        r.SetDescription("Retention schedules: erase closed cases when their time is up.");
        r.AddCommand<RetentionRunCommand>("run").WithDescription("Apply the organisations' retention schedules now.");
    });
    c.AddBranch("audit", a =>
    {
        a.SetDescription("The tamper-evident audit log.");
        a.AddCommand<VerifyAuditCommand>("verify").WithDescription("Check the audit chain (and checkpoints); exit 0 when intact.");
        a.AddCommand<CheckpointAuditCommand>("checkpoint").WithDescription("Write a signed checkpoint of the audit log.");
    });
    c.AddBranch("cases", k =>
    {
        k.SetDescription("Case records: HTCDS import and export.");
        k.AddCommand<ImportCasesCommand>("import").WithDescription("Import cases from an HTCDS CSV file, all or nothing.");
        k.AddCommand<ExportCasesCommand>("export").WithDescription("Export an organisation's cases (HTCDS CSV or JSON).");
    });
    c.AddLinkage();
    c.AddServiceTypes();
    c.AddBranch("stats", st =>
    {
        st.SetDescription("Global Report statistics from the case records.");
        st.AddCommand<StatsExportCommand>("export").WithDescription("Write the disclosure-controlled tables (csv, sdmx-csv, json, xlsx).");
        st.AddCommand<StatsExportCtdcCommand>("export-ctdc").WithDescription("Write the k-anonymous CTDC record-level CSV and print its report.");
    });
    c.AddCommand<DemoCommand>("demo").WithDescription("Seed synthetic organisations, users and cases.");
});

// Ctrl+C and SIGTERM (a scheduler stopping the job) cancel the running command instead of killing the process,
// so its finally blocks run: an interrupted export deletes its temporary plaintext file, a load rolls back.
using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupted.Cancel();
};
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    interrupted.Cancel();
});
var arguments = StatsArguments.Normalise(rest);
if (ParseErrors.EmptyOption(arguments) is { } empty) return PalermoCommand<CommandSettings>.Fail(empty, 2);
try
{
    return await app.RunAsync(arguments, interrupted.Token);
}
catch (CommandParseException ex)
{
    return PalermoCommand<CommandSettings>.Fail(ParseErrors.Reword(ex.Message, arguments), 2);
}
catch (CommandRuntimeException ex)
{
    return PalermoCommand<CommandSettings>.Fail(ParseErrors.Reword(ex.Message, arguments), 2);
}
