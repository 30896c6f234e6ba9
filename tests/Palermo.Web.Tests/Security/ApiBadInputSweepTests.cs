using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Palermo.Accounts;
using Palermo.Data;
using Palermo.Testing;
using Palermo.Web.Tests.Infrastructure;

namespace Palermo.Web.Tests.Security;

/// <summary>
/// Every /api/v1 operation that takes a body, read from the app's own OpenAPI document (a new operation is swept
/// without anyone listing it here), gets a fixed set of malformed bodies: no body, not JSON, the wrong JSON kind,
/// duplicate properties, the wrong content type, and each property in turn replaced by a value of the wrong type, a
/// 1 MB text, an unknown picklist value, an impossible or far-future date, a negative or huge number. The answer is
/// never a 5xx, always a problem (400 naming the property at fault, or a documented 409/415), never echoes the long
/// value, and nothing in the database changes: every table is compared row by row before and after each operation.
/// The bodies are mutations of a valid example, so the only fault in each is the one the sweep put there.
/// </summary>
public sealed class ApiBadInputSweepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Just under the 1 MB body limit, so it reaches validation instead of the 413 at the door.</summary>
    private static readonly string LongText = string.Concat(Enumerable.Repeat("Zq7", 330_000));

    [Fact]
    public async Task Sqlite_EveryBodyOperation_RefusesBadInput_NamesTheField_SavesNothing()
    {
        using var web = new PalermoApplication(backgroundJobs: false);
        await SweepAsync(web);
    }

    [Fact]
    public async Task Postgres_EveryBodyOperation_RefusesBadInput_NamesTheField_SavesNothing()
    {
        using var web = new PalermoApplication(await TestEnv.CreatePostgresDatabaseAsync(), backgroundJobs: false);
        await SweepAsync(web);
    }

    private static async Task SweepAsync(PalermoApplication web)
    {
        var w = await World.CreateAsync(web);
        var operations = await OperationsAsync(w);
        // 28 when this was written; far fewer means the document (or reading it) lost operations.
        Assert.True(operations.Count > 20, $"only {operations.Count} body operations found in the OpenAPI document");
        var failures = new List<string>();
        var sent = 0;
        foreach (var op in operations)
        {
            var target = await w.TargetAsync(op);
            var before = await SnapshotAsync(web);
            foreach (var (name, content, expect) in Bodies(op, target.Example))
            {
                using var req = new HttpRequestMessage(new HttpMethod(op.Method), target.Url) { Content = content };
                using var res = await target.Client.SendAsync(req, Ct);
                sent++;
                var problem = await JudgeAsync(op, res, expect);
                if (problem is not null) failures.Add($"{op.Method} {op.Template} [{name}]: {problem}");
            }

            var after = await SnapshotAsync(web);
            var changed = before.Where(t => !after.TryGetValue(t.Key, out var h) || h != t.Value).Select(t => t.Key)
                .Where(table => !(AuditsRefusals.Contains($"{op.Method} {op.Template}") && table is "AuditEntry" or "AuditHead")).ToList();
            if (changed.Count > 0) failures.Add($"{op.Method} {op.Template}: saved something — tables changed: {string.Join(", ", changed)}");
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{sent} requests over {operations.Count} operations");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests over {operations.Count} operations went wrong:\n" + string.Join("\n", failures));
    }

    // ---- the operations, from the OpenAPI document -------------------------------------------------------------

    /// <param name="Nested">For a property that is itself an object (the case's facts, the person): its properties.</param>
    public sealed record Operation(string Method, string Template, bool Json, bool BodyRequired, IReadOnlyDictionary<string, string> Properties,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Nested, bool DocumentsConflict);

    private static async Task<List<Operation>> OperationsAsync(World w)
    {
        using var doc = JsonDocument.Parse(await w.SystemAdmin.GetStringAsync("/openapi/v1.json", Ct));
        var schemas = doc.RootElement.GetProperty("components").GetProperty("schemas");
        var ops = new List<Operation>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            foreach (var m in path.Value.EnumerateObject().Where(m => m.Name is "post" or "put" or "patch"))
            {
                if (!m.Value.TryGetProperty("requestBody", out var body)) continue;
                var content = body.GetProperty("content");
                var json = content.TryGetProperty("application/json", out var media);
                var properties = new Dictionary<string, string>(StringComparer.Ordinal);
                var nested = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
                if (json && media.TryGetProperty("schema", out var schema))
                {
                    foreach (var (name, type) in PropertiesOf(schemas, schema)) properties[name] = type;
                    if (Resolve(schemas, schema).TryGetProperty("properties", out var props))
                    {
                        foreach (var p in props.EnumerateObject().Where(p => properties[p.Name] == "object"))
                        {
                            if (PropertiesOf(schemas, p.Value) is { Count: > 0 } inner) nested[p.Name] = inner;
                        }
                    }
                }

                var required = body.TryGetProperty("required", out var r) && r.GetBoolean();
                var conflict = m.Value.GetProperty("responses").TryGetProperty("409", out _);
                ops.Add(new(m.Name.ToUpperInvariant(), path.Name, json, required, properties, nested, conflict));
            }
        }

        return ops;
    }

    private static Dictionary<string, string> PropertiesOf(JsonElement schemas, JsonElement schema)
    {
        schema = Resolve(schemas, schema);
        foreach (var alt in new[] { "oneOf", "anyOf" })
        {
            // A nullable object is "anyOf: [null, {$ref}]" in OpenAPI 3.1.
            if (schema.TryGetProperty(alt, out var list) && list.EnumerateArray().Select(x => Resolve(schemas, x)).FirstOrDefault(x => x.TryGetProperty("properties", out _)) is { ValueKind: JsonValueKind.Object } o)
            {
                schema = o;
            }
        }

        return schema.TryGetProperty("properties", out var props)
            ? props.EnumerateObject().ToDictionary(p => p.Name, p => TypeOf(schemas, p.Value), StringComparer.Ordinal) : [];
    }

    private static JsonElement Resolve(JsonElement schemas, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var r) ? schemas.GetProperty(r.GetString()!.Split('/')[^1]) : schema;

    /// <summary>string, integer, number, boolean, array or object ("null" alternatives dropped).</summary>
    private static string TypeOf(JsonElement schemas, JsonElement schema)
    {
        schema = Resolve(schemas, schema);
        if (schema.TryGetProperty("type", out var t))
        {
            var types = t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [t.GetString()!];
            var type = types.FirstOrDefault(x => x != "null") ?? "object";
            return type == "string" && schema.TryGetProperty("format", out var f) && f.GetString() == "uuid" ? "uuid" : type;
        }

        foreach (var alt in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(alt, out var list))
            {
                var type = list.EnumerateArray().Select(x => TypeOf(schemas, x)).FirstOrDefault(x => x != "null");
                if (type is not null) return type;
            }
        }

        return "object";
    }

    // ---- the bodies ----------------------------------------------------------------------------------------------

    /// <summary>What a body must get: a problem naming <paramref name="Field"/> (null: any problem), or 415.</summary>
    public sealed record Expect(string? Field, bool UnsupportedType = false, string? Leaf = null);

    private static IEnumerable<(string Name, HttpContent Content, Expect Expect)> Bodies(Operation op, JsonObject? example)
    {
        if (!op.Json)
        {
            // An upload of another type (the CSV import): a JSON body is the wrong type, and an empty or garbled one of
            // the right type is a problem of the file.
            var type = "text/csv";
            yield return ("json body", Json("{}"), new(null, UnsupportedType: true));
            yield return ("no content type", new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), new(null, UnsupportedType: true));
            yield return ("empty", Typed("", type), new("file"));
            yield return ("binary", new ByteArrayContent([0x25, 0x50, 0x44, 0x46, 0x2D, 0x00, 0xFF, 0xFE]) { Headers = { ContentType = new(type) } }, new("file"));
            yield break;
        }

        if (op.BodyRequired)
        {
            yield return ("empty", new ByteArrayContent([]) { Headers = { ContentType = new("application/json") } }, new(null));
            yield return ("null", Json("null"), new(null));
        }

        yield return ("not json", Json("not json"), new(null));
        yield return ("array", Json("[]"), new(null));
        yield return ("number", Json("42"), new(null));
        yield return ("truncated", Json("{\"a\":"), new(null));
        if (example is null) yield break;
        if (!EmptyObjectMeansDefaults.Contains($"{op.Method} {op.Template}")) yield return ("{}", Json("{}"), new(null));
        var text = example.ToJsonString();
        yield return ("wrong content type", Typed(text, "text/plain"), new(null, UnsupportedType: true));
        yield return ("form content type", new FormUrlEncodedContent([new("a", "b")]), new(null, UnsupportedType: true));
        yield return ("no content type", new ByteArrayContent(Encoding.UTF8.GetBytes(text)), new(null, UnsupportedType: true));
        if (example.Count > 0)
        {
            // The same property twice: which one counts would depend on the parser, so the body is refused.
            var first = example.First();
            var dup = $"{{\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"}," + text[1..];
            yield return ($"duplicate {first.Key}", Json(dup), new(first.Key));
        }

        var properties = op.Properties.Keys.Union(example.Select(p => p.Key)).ToList();
        foreach (var name in properties)
        {
            var type = op.Properties.TryGetValue(name, out var t) ? t : KindOf(example[name]);
            foreach (var (label, value) in WrongValues(type, example[name], name))
            {
                var body = (JsonObject)example.DeepClone();
                body[name] = value;
                yield return ($"{name} = {label}", Json(body.ToJsonString()), new(name));
            }
        }

        // One level down, in an object the example carries (facts, person): the error names the inner property, with
        // or without its parent's prefix.
        foreach (var (outer, inner) in op.Nested)
        {
            if (example[outer] is not JsonObject sample) continue;
            foreach (var name in inner.Keys.Union(sample.Select(p => p.Key)))
            {
                var type = inner.TryGetValue(name, out var t) ? t : KindOf(sample[name]);
                foreach (var (label, value) in WrongValues(type, sample[name], name))
                {
                    var body = (JsonObject)example.DeepClone();
                    body[outer]![name] = value;
                    yield return ($"{outer}.{name} = {label}", Json(body.ToJsonString()), new($"{outer}.{name}", Leaf: name));
                }
            }
        }
    }

    /// <summary>Operations that record every refused attempt in the audit log by design (probing must show).</summary>
    private static readonly HashSet<string> AuditsRefusals = ["POST /api/v1/emergency-access"];

    /// <summary>Operations whose every property may be left out, documented so: <c>{}</c> is a valid request there.</summary>
    private static readonly HashSet<string> EmptyObjectMeansDefaults =
    [
        "POST /api/v1/users/{id}/sign-in-link", // no MFA reset
        "POST /api/v1/cases/search", // no filter: the first page of every case in reach
        "POST /api/v1/cases/export", // the HTCDS format
        "PUT /api/v1/service-types/{code}", // absent = unchanged
        "PUT /api/v1/retention", // no closedCaseYears: no schedule
    ];

    private static string KindOf(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "integer",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        _ => "object",
    };

    private static readonly HashSet<string> PicklistNames = typeof(Palermo.Cases.CaseInput).Assembly.GetTypes()
        .Where(t => t.IsEnum).SelectMany(Enum.GetNames).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static bool IsDate(JsonNode? n) => n?.GetValueKind() == JsonValueKind.String && DateOnly.TryParseExact(n.GetValue<string>(), "yyyy-MM-dd", out _);

    private static bool IsPicklist(JsonNode? n) => n?.GetValueKind() == JsonValueKind.String && PicklistNames.Contains(n.GetValue<string>());

    /// <summary>Ids of things Palermo does not hold, so any well-formed id is accepted: a grant is funded and tracked outside.</summary>
    private static readonly HashSet<string> ExternalReferences = ["grantId"];

    private static IEnumerable<(string Label, JsonNode? Value)> WrongValues(string type, JsonNode? sample, string name)
    {
        switch (type)
        {
            case "string":
                yield return ("number", 12345);
                yield return ("object", new JsonObject { ["a"] = 1 });
                yield return ("array", new JsonArray("a"));
                yield return ("1 MB text", LongText);
                if (IsPicklist(sample)) yield return ("unknown picklist value", "NoSuchValue");
                if (IsDate(sample))
                {
                    yield return ("2020-13-45", "2020-13-45");
                    yield return ("year 9999", "9999-12-31");
                    yield return ("year 1", "0001-01-01");
                }

                break;
            case "uuid":
                yield return ("number", 12345);
                yield return ("not an id", "not-an-id");
                // Well formed, but nothing has it: the answer names the property, it does not pass as if absent.
                if (!ExternalReferences.Contains(name)) yield return ("unknown id", Guid.CreateVersion7().ToString());
                break;
            case "integer" or "number":
                yield return ("text", "not a number");
                yield return ("negative", -1);
                yield return ("long max", long.MaxValue);
                yield return ("1e30", JsonNode.Parse("1e30"));
                yield return ("fraction", 1.5);
                break;
            case "boolean":
                yield return ("text", "maybe");
                yield return ("number", 1);
                break;
            case "array":
                yield return ("object", new JsonObject { ["a"] = 1 });
                yield return ("text", "text");
                yield return ("number item", new JsonArray(12345));
                yield return ("1 MB item", new JsonArray(LongText));
                if (sample is JsonArray { Count: > 0 } a && IsPicklist(a[0])) yield return ("unknown picklist item", new JsonArray("NoSuchValue"));
                break;
            default:
                yield return ("text", "text");
                yield return ("number", 42);
                yield return ("array", new JsonArray());
                break;
        }
    }

    private static StringContent Json(string body) => Typed(body, "application/json");

    private static StringContent Typed(string body, string type) => new(body, Encoding.UTF8, type);

    // ---- the judgement -------------------------------------------------------------------------------------------

    private static async Task<string?> JudgeAsync(Operation op, HttpResponseMessage res, Expect expect)
    {
        var status = (int)res.StatusCode;
        var text = await res.Content.ReadAsStringAsync(Ct);
        if (text.Contains(LongText[..300], StringComparison.Ordinal)) return $"{status}, and the answer echoes the 1 MB value";
        // The examples' person is Amara Diallo: no answer to a broken body may quote her name back.
        if (text.Contains("Amara", StringComparison.Ordinal) || text.Contains("Diallo", StringComparison.Ordinal)) return $"{status}, and the answer quotes the person's name";
        if (status >= 500) return $"{status} (server error)";
        if (expect.UnsupportedType) return status == 415 ? null : $"{status}, expected 415";
        if (status == 409 && op.DocumentsConflict && expect.Field is "version") return null;
        if (status != 400) return $"{status}, expected 400" + (status < 300 ? " (the bad body was accepted)" : "");
        if (res.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"400 as {res.Content.Headers.ContentType?.MediaType}, not problem details";
        using var problem = JsonDocument.Parse(text);
        if (!problem.RootElement.TryGetProperty("title", out _)) return "problem details without a title";
        if (expect.Field is null) return null;
        if (!problem.RootElement.TryGetProperty("errors", out var errors)) return $"400 without field errors (expected {expect.Field}): {text[..Math.Min(text.Length, 300)]}";
        var fields = errors.EnumerateObject().Select(e => e.Name).ToList();
        if (fields.Any(f => f.Equals(expect.Field, StringComparison.OrdinalIgnoreCase) || (expect.Leaf is { } leaf && f.Equals(leaf, StringComparison.OrdinalIgnoreCase))
                || f.StartsWith(expect.Field + ".", StringComparison.OrdinalIgnoreCase) || f.StartsWith(expect.Field + "[", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        // A document checked as a whole (an indicator list: key "list") names the field in its message instead.
        var messages = errors.EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString() ?? "").ToList();
        return messages.Any(m => System.Text.RegularExpressions.Regex.IsMatch(m, $@"(\$\.|\b){expect.Field}\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            ? null : $"400 naming [{string.Join(", ", fields)}], not {expect.Field}: {string.Join(" ", messages)[..Math.Min(300, messages.Sum(m => m.Length + 1) - 1)]}";
    }

    // ---- nothing saved: every table, row by row --------------------------------------------------------------------

    /// <summary>A digest of each table's rows (order ignored), read through the real database.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Table names come from the EF model, not from input.")]
    internal static Task<Dictionary<string, string>> SnapshotAsync(PalermoApplication web) => web.With(async sp =>
    {
        var db = sp.GetRequiredService<PalermoDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => (Schema: e.GetSchema(), Table: e.GetTableName())).Where(t => t.Table is not null).Distinct().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(Ct);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var (schema, table) in tables)
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = $"SELECT * FROM {(schema is null ? "" : $"\"{schema}\".")}\"{table}\"";
                await using var reader = await cmd.ExecuteReaderAsync(Ct);
                var rows = new List<string>();
                while (await reader.ReadAsync(Ct))
                {
                    var cells = new string[reader.FieldCount];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        var v = reader.GetValue(i);
                        cells[i] = v switch { byte[] b => Convert.ToBase64String(b), IFormattable f => f.ToString(null, CultureInfo.InvariantCulture), _ => v.ToString() ?? "" };
                    }

                    rows.Add(string.Join("\u001f", cells));
                }

                rows.Sort(StringComparer.Ordinal);
                result[table!] = $"{rows.Count}:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001e", rows))));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return result;
    });

    // ---- the world: real objects of the signed-in users' organisation to aim at --------------------------------

    public sealed record Target(HttpClient Client, string Url, JsonObject? Example);

    private sealed class World
    {
        public required PalermoApplication Web { get; init; }
        public required HttpClient SystemAdmin { get; init; }
        public required HttpClient OrgAdmin { get; init; }
        public required HttpClient Supervisor { get; init; }
        public required HttpClient Approver { get; init; }
        public required HttpClient Receiver { get; init; }
        public required HttpClient Dpo { get; init; }
        public required string CaseReference { get; init; }
        /// <summary>The receiver's own running emergency access (to another case), and someone's to the sweep's case.</summary>
        public required Guid ReceiverGrantId { get; init; }
        public required Guid OtherGrantId { get; init; }
        public required Guid Org { get; init; }
        public required Guid ReceiverOrg { get; init; }
        public required Guid ApproverId { get; init; }

        /// <summary>A third case supervisor of the organisation: whom the requester may name instead of the approver.</summary>
        public required Guid OtherSupervisorId { get; init; }

        /// <summary>An account no other operation relies on: its roles are what the sweep changes.</summary>
        public required Guid SpareUserId { get; init; }
        public required Guid CaseId { get; init; }
        public required Guid ServiceId { get; init; }
        public required Guid ReferralId { get; init; }
        public required Guid OverrideReferralId { get; init; }
        public required Guid ScreeningId { get; init; }

        public static async Task<World> CreateAsync(PalermoApplication web)
        {
            var org = await web.CreateOrganisationAsync("Sweep NGO");
            var receiverOrg = await web.CreateOrganisationAsync("Sweep Shelter", Palermo.Organisations.OrganisationKind.Shelter);
            var thirdOrg = await web.CreateOrganisationAsync("Sweep Clinic");
            var supervisor = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, org.Id));
            var approverUser = await web.CreateUserAsync(Role.CaseSupervisor, org.Id);
            var approver = await web.SignInAsync(approverUser);

            var registered = await Ok<JsonElement>(await supervisor.PostAsJsonAsync("/api/v1/cases", new
            {
                givenName = "Amara", familyName = "Diallo", birthDate = "2000-03-04", citizenships = new[] { "SN" }, countryOfDetection = "ITA",
                identificationDate = "2026-01-15", exploitation = new[] { "ForcedLabour" },
            }, Ct));
            var caseId = registered.GetProperty("caseId").GetGuid();
            foreach (var purpose in new[] { "Referral", "SharingIdentifiableData" })
            {
                await Ok<JsonElement>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/consents",
                    new { purpose, recordedAs = "Written", recipientOrganisationId = receiverOrg.Id }, Ct));
            }

            var service = await Ok<JsonElement>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/services", new { serviceCode = "food", startDate = "2026-01-16" }, Ct));
            var referral = await Ok<JsonElement>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals",
                new { toOrganisationId = receiverOrg.Id, services = new[] { "shelter" }, parts = new[] { "CaseDetails" } }, Ct));
            var overridden = await Ok<JsonElement>(await supervisor.PostAsJsonAsync($"/api/v1/cases/{caseId}/referrals", new
            {
                toOrganisationId = thirdOrg.Id, services = new[] { "shelter" }, overrideReason = "urgent medical need", approvedBySupervisorId = approverUser.Id,
            }, Ct));
            var screening = await Ok<JsonElement>(await supervisor.PostAsJsonAsync("/api/v1/screenings", new
            {
                listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = new[] { "1.wages-earnings", "4.low-or-no-salary" },
            }, Ct));

            var receiver = await web.SignInAsync(await web.CreateUserAsync(Role.CaseSupervisor, receiverOrg.Id));
            var second = await Ok<JsonElement>(await supervisor.PostAsJsonAsync("/api/v1/cases", new
            {
                givenName = "Binta", familyName = "Sow", birthDate = "2001-05-06", citizenships = new[] { "SN" }, countryOfDetection = "ITA",
                identificationDate = "2026-01-16", exploitation = new[] { "ForcedLabour" },
            }, Ct));
            var references = await web.With(sp => sp.GetRequiredService<PalermoDbContext>().Cases
                .ToDictionaryAsync(c => c.Id, c => c.Reference, Ct));
            const string reason = "Met the person at night; needs the guardian and the risk now";
            var receiverGrant = await Ok<JsonElement>(await receiver.PostAsJsonAsync("/api/v1/emergency-access",
                new { reference = references[second.GetProperty("caseId").GetGuid()], reason, parts = new[] { "CaseDetails" } }, Ct));
            var someone = new Actor(Guid.NewGuid(), receiverOrg.Id, new HashSet<Role> { Role.FrontlineOfficer }, "127.0.0.1");
            var otherGrant = await web.With(sp => sp.GetRequiredService<Palermo.EmergencyAccess.OpenEmergencyAccess>()
                .HandleAsync(new(references[caseId], reason, ["CaseDetails"]), someone, Ct));

            return new World
            {
                Web = web, Org = org.Id, ReceiverOrg = receiverOrg.Id, ApproverId = approverUser.Id, CaseId = caseId,
                Dpo = await web.SignInAsync(await web.CreateUserAsync(Role.DataProtectionOfficer, org.Id)), CaseReference = references[caseId],
                ReceiverGrantId = receiverGrant.GetProperty("id").GetGuid(), OtherGrantId = otherGrant.Id,
                OtherSupervisorId = (await web.CreateUserAsync(Role.CaseSupervisor, org.Id)).Id,
                SpareUserId = (await web.CreateUserAsync(Role.CaseWorker, org.Id)).Id,
                SystemAdmin = await web.SignInAsync(await web.CreateUserAsync(Role.SystemAdministrator, org.Id)),
                OrgAdmin = await web.SignInAsync(await web.CreateUserAsync(Role.OrganisationAdministrator, org.Id)),
                Supervisor = supervisor, Approver = approver,
                Receiver = receiver,
                ServiceId = service.GetProperty("id").GetGuid(), ReferralId = referral.GetProperty("id").GetGuid(),
                OverrideReferralId = overridden.GetProperty("id").GetGuid(), ScreeningId = screening.GetProperty("id").GetGuid(),
            };
        }

        private static async Task<T> Ok<T>(HttpResponseMessage res)
        {
            var body = await res.Content.ReadAsStringAsync(Ct);
            Assert.True(res.IsSuccessStatusCode, $"setup: {res.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)res.StatusCode} {body}");
            return JsonSerializer.Deserialize<T>(body, PalermoApplication.Json)!;
        }

        private async Task<long> VersionAsync(HttpClient client, string url, string property = "version") =>
            (await client.GetFromJsonAsync<JsonElement>(url, Ct)).GetProperty(property).GetInt64();

        private async Task<long> ServiceVersionAsync()
        {
            var c = await Supervisor.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{CaseId}", Ct);
            return c.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == ServiceId).GetProperty("version").GetInt64();
        }

        private async Task<long> ReferralVersionAsync(HttpClient client, Guid id)
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/referrals", Ct);
            var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items");
            return items.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == id).GetProperty("version").GetInt64();
        }

        /// <summary>
        /// Who sends the operation's bodies, at which object, and a valid example body (each sweep body differs from it
        /// in one place). An operation added to the API fails here until it gets a target and an example.
        /// </summary>
        public async Task<Target> TargetAsync(Operation op)
        {
            var c = $"/api/v1/cases/{CaseId}";
            JsonObject Obj(object o) => JsonSerializer.SerializeToNode(o, PalermoApplication.Json)!.AsObject();
            return (op.Method, op.Template) switch
            {
                ("POST", "/api/v1/users") => new(OrgAdmin, "/api/v1/users", Obj(new { email = "sweep-new@example.org", organisation = Org.ToString(), roles = new[] { "CaseWorker" } })),
                ("POST", "/api/v1/users/{id}/sign-in-link") => new(OrgAdmin, $"/api/v1/users/{ApproverId}/sign-in-link", Obj(new { resetMfa = false })),
                ("PUT", "/api/v1/users/{id}/roles") => new(OrgAdmin, $"/api/v1/users/{SpareUserId}/roles", Obj(new { roles = new[] { "Analyst" } })),
                ("POST", "/api/v1/organisations") => new(SystemAdmin, "/api/v1/organisations", Obj(new { name = "Sweep New Org", kind = "Shelter", country = "ITA" })),
                ("POST", "/api/v1/service-types") => new(SystemAdmin, "/api/v1/service-types", Obj(new { code = "sweep-new", name = "Sweep new service" })),
                ("PUT", "/api/v1/service-types/{code}") => new(SystemAdmin, "/api/v1/service-types/food", Obj(new { name = "Food parcels", isActive = true })),
                ("POST", "/api/v1/cases/search") => new(Supervisor, "/api/v1/cases/search", Obj(new
                {
                    status = "Active", exploitation = "ForcedLabour", country = "ITA", assignedToMe = false, from = "2026-01-01", to = "2026-02-01",
                    name = "Amara", sort = "reference", page = 1, pageSize = 25,
                })),
                ("POST", "/api/v1/cases") => new(Supervisor, "/api/v1/cases", Obj(new
                {
                    givenName = "Amara", familyName = "Diallo", birthDate = "2000-03-04", citizenships = new[] { "SN" }, gender = "Feminine",
                    countryOfDetection = "ITA", identificationDate = "2026-01-15", exploitation = new[] { "ForcedLabour" },
                    events = new[] { new { type = "Recruitment", country = "SN", date = "2025-06-01" } },
                })),
                ("POST", "/api/v1/cases/import") => new(Supervisor, "/api/v1/cases/import", null),
                ("POST", "/api/v1/cases/export") => new(Supervisor, "/api/v1/cases/export", Obj(new { format = "json" })),
                ("POST", "/api/v1/cases/{id}/close") => new(Supervisor, c + "/close", Obj(new { version = await VersionAsync(Supervisor, c), closeAs = "Closed", reason = "Moved away" })),
                ("PUT", "/api/v1/cases/{id}/facts") => new(Supervisor, c + "/facts", Obj(new
                {
                    version = await VersionAsync(Supervisor, c),
                    facts = new { countryOfDetection = "ITA", identificationDate = "2026-01-15", exploitation = new[] { "ForcedLabour" } },
                })),
                ("POST", "/api/v1/cases/{id}/decisions") => new(Supervisor, c + "/decisions", Obj(new
                {
                    version = await VersionAsync(Supervisor, c), stage = "ReasonableGrounds", date = "2026-01-20", outcome = "Positive", reasons = "Consistent account",
                })),
                ("PUT", "/api/v1/cases/{id}/person") => new(Supervisor, c + "/person", Obj(new
                {
                    version = await VersionAsync(Supervisor, c + "/person"),
                    person = new { givenName = "Amara", familyName = "Diallo", birthDate = "2000-03-04", citizenships = new[] { "SN" } },
                })),
                ("POST", "/api/v1/cases/{id}/consents") => new(Supervisor, c + "/consents", Obj(new { purpose = "Referral", recordedAs = "Verbal", recipientOrganisationId = ReceiverOrg })),
                ("POST", "/api/v1/cases/{id}/services") => new(Supervisor, c + "/services", Obj(new { serviceCode = "food", startDate = "2026-01-16", status = "Planned" })),
                ("PUT", "/api/v1/cases/{id}/services/{serviceId}") => new(Supervisor, $"{c}/services/{ServiceId}", Obj(new
                {
                    version = await ServiceVersionAsync(), status = "Delivered", endDate = "2026-01-20", outcome = "Housed",
                })),
                ("POST", "/api/v1/cases/{id}/notes") => new(Supervisor, c + "/notes", Obj(new { text = "Called the shelter" })),
                ("POST", "/api/v1/cases/{id}/attachments") => new(Supervisor, c + "/attachments", Obj(new { fileName = "a.txt", contentType = "text/plain", content = "text"u8.ToArray() })),
                ("PUT", "/api/v1/cases/{id}/support-plan") => new(Supervisor, c + "/support-plan", Obj(new
                {
                    types = new[] { "Health" }, objectives = "Recovery", actionPlan = "Weekly visits", plannedEndDate = "2026-06-01",
                })),
                ("POST", "/api/v1/cases/{id}/referrals") => new(Supervisor, c + "/referrals", Obj(new
                {
                    toOrganisationId = ReceiverOrg, services = new[] { "shelter" }, parts = new[] { "CaseDetails" }, validUntil = "2026-12-31",
                })),
                ("POST", "/api/v1/referrals/{id}/decision") => new(Receiver, $"/api/v1/referrals/{ReferralId}/decision", Obj(new
                {
                    decision = "Accept", version = await ReferralVersionAsync(Receiver, ReferralId),
                })),
                ("POST", "/api/v1/referrals/{id}/override-approval") => new(Approver, $"/api/v1/referrals/{OverrideReferralId}/override-approval", Obj(new
                {
                    approve = true, version = await ReferralVersionAsync(Approver, OverrideReferralId),
                })),
                ("PUT", "/api/v1/referrals/{id}/override-approver") => new(Supervisor, $"/api/v1/referrals/{OverrideReferralId}/override-approver", Obj(new
                {
                    approvedBySupervisorId = OtherSupervisorId, version = await ReferralVersionAsync(Supervisor, OverrideReferralId),
                })),
                ("POST", "/api/v1/cases/{id}/subject/erase") => new(Supervisor, c + "/subject/erase", Obj(new { reason = "The person asked" })),
                ("POST", "/api/v1/cases/{id}/subject/legal-hold") => new(Supervisor, c + "/subject/legal-hold", Obj(new { hold = true, reason = "Court order 12/2026" })),
                ("PUT", "/api/v1/retention") => new(OrgAdmin, "/api/v1/retention", Obj(new { closedCaseYears = 7 })),
                ("POST", "/api/v1/screenings") => new(Supervisor, "/api/v1/screenings", Obj(new
                {
                    listId = "ilo-ec-adult-labour", listVersion = "2009-cited.1", indicators = new[] { "1.wages-earnings" }, forcedLabourIndicators = Array.Empty<string>(),
                })),
                ("POST", "/api/v1/screenings/{id}/case") => new(Supervisor, $"/api/v1/screenings/{ScreeningId}/case", Obj(new { caseId = CaseId })),
                ("POST", "/api/v1/screening-lists") => new(SystemAdmin, "/api/v1/screening-lists", Obj(new
                {
                    id = "sweep-list", version = "2026.1", title = "Sweep list", kind = "operational", subjectGroup = "adult", exploitation = "sexual",
                    source = "National NRM", presumedVictimWhen = new int[][] { [4] },
                    indicators = new[] { new { id = "4.forced", dimension = 4, wording = "Forced", grade = "strong", verified = true, source = "NRM" } },
                })),
                ("POST", "/api/v1/emergency-access") => new(Receiver, "/api/v1/emergency-access", Obj(new
                {
                    reference = CaseReference, reason = "Met the person at night; needs the guardian and the risk now", parts = new[] { "Identity", "CaseDetails" },
                })),
                ("POST", "/api/v1/emergency-access/{id}/end") => new(Receiver, $"/api/v1/emergency-access/{ReceiverGrantId}/end", Obj(new { version = 0 })),
                ("POST", "/api/v1/emergency-access/{id}/revoke") => new(Supervisor, $"/api/v1/emergency-access/{OtherGrantId}/revoke", Obj(new { version = 0 })),
                ("POST", "/api/v1/emergency-access/{id}/review") => new(Dpo, $"/api/v1/emergency-access/{OtherGrantId}/review", Obj(new
                {
                    verdict = "Justified", note = "Checked with the police the next morning", version = 0,
                })),
                _ => throw new Xunit.Sdk.XunitException($"{op.Method} {op.Template} is new: give it a target (an object it acts on, a client allowed to) and a valid example body in {nameof(ApiBadInputSweepTests)}.{nameof(TargetAsync)}."),
            };
        }
    }
}
