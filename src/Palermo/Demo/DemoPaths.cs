using Palermo.Assistance;
using Palermo.Cases;
using Palermo.Consent;
using Palermo.Organisations;
using Palermo.Referrals;

namespace Palermo.Demo;

/// <summary>
/// What happens to a synthetic case after identification, along the national referral mechanism's usual path
/// (nrm.md): consent to assistance; a frontline agency (police, labour inspectorate, hotline) refers the person to a
/// shelter or an NGO for services, with the person's consent to that referral and to sharing their identity and
/// contacts with it; the assisting organisation delivers
/// shelter, medical care, psychosocial support, legal aid and the rest over weeks and months; older cases move to
/// follow-up and are closed. Each case draws from its own stream, seeded in generation order from the demo seed + 1
/// (so the persons and facts of a seed stay as they were, and cases can be built in parallel deterministically).
/// </summary>
public static class DemoPaths
{
    private const double ReferredByFrontline = 0.9;
    private const double ReferredByAssisting = 0.25;

    public static bool IsFrontline(OrganisationKind kind) =>
        kind is OrganisationKind.Police or OrganisationKind.LabourInspectorate or OrganisationKind.Hotline or OrganisationKind.BorderAgency;

    /// <summary>
    /// Builds the consents, referral, services and lifecycle of a case opened by <paramref name="holder"/>. Entities go
    /// through their constructors and state methods, so every rule a case worker meets applies here too.
    /// <paramref name="partners"/> are the assisting organisations (shelter, NGO) a case can be referred to.
    /// </summary>
    public static (List<ConsentRecord> Consents, Referral? Referral, List<ServiceRecord> Services) Follow(
        Random r, Case c, Person person, Organisation holder, IReadOnlyList<Organisation> partners, bool foreign, DateOnly today)
    {
        var identified = c.IdentificationDate;
        var age = today.DayNumber - identified.DayNumber;
        var consents = new List<ConsentRecord>();
        var how = c.ChildAtExploitation ? ConsentRecordedAs.Guardian : r.NextDouble() < 0.65 ? ConsentRecordedAs.Written : ConsentRecordedAs.Verbal;
        if (r.NextDouble() < 0.95) consents.Add(new ConsentRecord(person.Id, holder.Id, ConsentPurpose.Assistance, null, how, null, At(identified)));

        var frontline = IsFrontline(holder.Kind);
        var wanted = Wanted(r, c, foreign, frontline);
        var candidates = partners.Where(p => p.Id != holder.Id).ToList();
        Referral? referral = null;
        Organisation? partner = null;
        DateOnly? acceptedOn = null, completedOn = null;
        if (candidates.Count > 0 && r.NextDouble() < (frontline ? ReferredByFrontline : ReferredByAssisting))
        {
            partner = candidates[r.Next(candidates.Count)];
            var referredOn = identified.AddDays(r.Next(0, 4));
            if (referredOn > today) referredOn = today;
            consents.Add(new ConsentRecord(person.Id, holder.Id, ConsentPurpose.Referral, partner.Id, how, null, At(referredOn)));
            // The referral shares identity and contacts, which needs its own consent; recorded with the referral consent
            // (no draw from the stream, so the rest of the case stays as the seed made it).
            consents.Add(new ConsentRecord(person.Id, holder.Id, ConsentPurpose.SharingIdentifiableData, partner.Id, how, null, At(referredOn)));
            referral = new Referral(c.Id, holder.Id, partner.Id, wanted.Select(s => s.Code).ToList(), SharedParts.Identity | SharedParts.Contacts | SharedParts.Services, null, null, At(referredOn));
            var decidedOn = referredOn.AddDays(r.Next(0, 3));
            // Half of the referrals of the last week are still pending; the rest are decided.
            var pending = age < 7 && r.NextDouble() < 0.5;
            if (!pending && r.NextDouble() < 0.05) referral.Decline("No place available", At(Min(decidedOn, today)));
            else if (!pending)
            {
                acceptedOn = Min(decidedOn, today);
                referral.Accept(At(acceptedOn.Value));
                if (age > 365 && r.NextDouble() < 0.7)
                {
                    completedOn = Min(decidedOn.AddDays(r.Next(120, 365)), today);
                    referral.Complete(At(completedOn.Value));
                }
            }
        }

        // Services come from the holder when it assists people itself, from the partner once the referral is accepted.
        var accepted = referral is { State: ReferralState.Accepted or ReferralState.Completed };
        var services = new List<ServiceRecord>();
        // When the services end: the case is closed only after the last of them (none may still be running).
        var lastEnd = identified;
        var running = false;
        foreach (var (code, days) in wanted)
        {
            var provider = accepted && (frontline || r.NextDouble() < 0.5) ? partner! : frontline ? null : holder;
            if (provider is null) continue;
            var start = identified.AddDays(r.Next(0, 21));
            // The partner works under the referral: from its acceptance, and until its completion at the latest.
            var byPartner = provider == partner;
            if (byPartner && acceptedOn is { } from && start < from) start = from;
            if (start > today) start = today;
            var end = start.AddDays(r.Next(days / 2, days + 1));
            if (byPartner && completedOn is { } until && end > until) end = until;
            var status = r.NextDouble() < 0.03 ? ServiceStatus.Cancelled : end <= today ? ServiceStatus.Delivered : ServiceStatus.InProgress;
            DateOnly? ended = status == ServiceStatus.InProgress ? null : Min(end, today);
            if (ended is { } e && e > lastEnd) lastEnd = e;
            running |= ended is null;
            services.Add(new ServiceRecord(c.Id, code, provider.Id, start, ended, status, null, null, At(start)));
        }

        Lifecycle(r, c, referral, identified, age, today, running ? null : lastEnd);
        return (consents, referral, services);
    }

    /// <summary>The services a case plausibly needs, with a typical length in days.</summary>
    private static List<(string Code, int Days)> Wanted(Random r, Case c, bool foreign, bool frontline)
    {
        var wanted = new List<(string, int)>();
        if (c.ChildAtExploitation || r.NextDouble() < 0.6) wanted.Add(("shelter", 180));
        if (r.NextDouble() < 0.5) wanted.Add(("food", 90));
        if (r.NextDouble() < 0.7) wanted.Add(("medical", 60));
        if (r.NextDouble() < 0.6) wanted.Add(("psychosocial", 240));
        if (r.NextDouble() < 0.45) wanted.Add(("legal-aid", 300));
        if (foreign && r.NextDouble() < 0.7) wanted.Add(("interpretation", 30));
        if (foreign && r.NextDouble() < 0.5) wanted.Add(("reflection-period", 90));
        if (foreign && r.NextDouble() < 0.2) wanted.Add(("residence-permit", 365));
        if (foreign && r.NextDouble() < 0.1) wanted.Add(("return", 60));
        if (!c.ChildAtExploitation && r.NextDouble() < 0.25) wanted.Add(("vocational-training", 180));
        if (c.ChildAtExploitation && r.NextDouble() < 0.6) wanted.Add(("education", 300));
        if (!foreign && r.NextDouble() < 0.3) wanted.Add(("reintegration", 365));
        if (wanted.Count == 0) wanted.Add((frontline ? "shelter" : "psychosocial", 90));
        return wanted;
    }

    /// <summary>
    /// Older cases move on: follow-up after assistance, then closed (or closed as referred on, when the receiver took
    /// the referral up). A case is closed no earlier than its last service ended (<paramref name="servicesEnd"/>);
    /// while one is still running (null) it stays in follow-up instead.
    /// </summary>
    private static void Lifecycle(Random r, Case c, Referral? referral, DateOnly identified, int age, DateOnly today, DateOnly? servicesEnd)
    {
        var x = r.NextDouble();
        var onDate = Min(identified.AddDays(Math.Max(30, (int)(age * (0.5 + (r.NextDouble() / 2))))), today);
        var on = At(onDate);
        void Close(CaseStatus status, string reason)
        {
            var closeOn = servicesEnd is { } end && end > onDate ? end : onDate;
            if (servicesEnd is not null && closeOn <= today) c.Close(status, reason, At(closeOn));
            else c.FollowUp(on);
        }

        var takenUp = referral is { State: ReferralState.Accepted or ReferralState.Completed };
        if (age > 730)
        {
            if (x < 0.55) Close(CaseStatus.Closed, "Assistance completed; the person has recovered and reintegrated.");
            else if (x < 0.65 && takenUp) Close(CaseStatus.ClosedReferred, "Referred on; the receiving organisation continues the assistance.");
            else if (x < 0.85) c.FollowUp(on);
        }
        else if (age > 365)
        {
            if (x < 0.25) Close(CaseStatus.Closed, "Assistance completed.");
            else if (x < 0.6) c.FollowUp(on);
        }
        else if (age > 90 && x < 0.1)
        {
            c.FollowUp(on);
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateTime At(DateOnly d) => d.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
}
