using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ErPipeline.Access;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Options;

namespace ErPipeline.Kpis;

/// <summary>One row-level visit as the feed shows it to a role.</summary>
public sealed record VisitRow(
    string VisitId,
    string? PatientKey,
    string? DoctorId,
    DateTime ArrivalTime,
    long TriageLevel,
    long WaitTimeMinutes,
    string Department,
    string? Age,
    string? Gender,
    string? BloodGroup,
    string? PreExistingCondition);

/// <summary>A page of visits and the cursor of the next (null on the last page).</summary>
public sealed record VisitPage(IReadOnlyList<VisitRow> Rows, string? NextAfter);

/// <summary>
/// Row-level visits, masked by role (docs/kpi-feed.md): analysts get a random surrogate instead of the patient id,
/// ages 90 and over as "90+", and conditions masked. Masking happens here, never in a caller.
/// </summary>
public sealed class VisitFeed(IWarehouse warehouse, IOptions<KpiOptions> options)
{
    public const string MaskedText = "masked";
    public const string TopCodedAge = "90+";

    public async Task<VisitPage> PageAsync(FeedRequest request, Role role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var masked = role != Role.Admin;
        if (masked)
        {
            await warehouse.AssignSurrogateKeysAsync(cancellationToken).ConfigureAwait(false);
        }

        var rows = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        if (masked && rows.Any(r => r[2] is null))
        {
            // A load added patients between assigning keys and reading: assign again rather than show an id.
            await warehouse.AssignSurrogateKeysAsync(cancellationToken).ConfigureAwait(false);
            rows = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var hasMore = rows.Count > request.PageSize;
        var page = rows.Take(request.PageSize).Select(r => Row(r, masked)).ToArray();
        return new VisitPage(page, hasMore ? page[^1].VisitId : null);
    }

    /// <summary>The page as <c>{"value": [...], "nextLink": ..., "nextAfter": ...}</c>.</summary>
    public static byte[] Json(VisitPage page, string? nextLink)
    {
        ArgumentNullException.ThrowIfNull(page);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("value");
            foreach (var row in page.Rows)
            {
                json.WriteStartObject();
                json.WriteString("visitId", row.VisitId);
                json.WriteString("patientKey", row.PatientKey);
                json.WriteString("doctorId", row.DoctorId);
                json.WriteString("arrivalTime", row.ArrivalTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                json.WriteNumber("triageLevel", row.TriageLevel);
                json.WriteNumber("waitTimeMinutes", row.WaitTimeMinutes);
                json.WriteString("department", row.Department);
                json.WriteString("age", row.Age);
                json.WriteString("gender", row.Gender);
                json.WriteString("bloodGroup", row.BloodGroup);
                json.WriteString("preExistingCondition", row.PreExistingCondition);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteString("nextLink", nextLink);
            json.WriteString("nextAfter", page.NextAfter);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task<IReadOnlyList<object?[]>> ReadAsync(FeedRequest request, CancellationToken cancellationToken)
    {
        var bindings = new Dictionary<string, SqlBinding>(StringComparer.Ordinal)
        {
            ["after_visit_id"] = SqlBinding.Text(request.After),
            ["page_size"] = SqlBinding.Fixed(request.PageSize + 1),
        };
        request.Filter.AddBindings(bindings, options.Value);
        var result = await warehouse.ReadAsync(SqlTemplate.Get("kpis/visits_page.sql").Bind(bindings), cancellationToken).ConfigureAwait(false);
        return result.Rows;
    }

    private static VisitRow Row(object?[] r, bool masked)
    {
        var age = (long?)KpiTable.Normalize(r[8], KpiType.WholeNumber);
        var condition = (string?)r[11];
        return new VisitRow(
            VisitId: (string)r[0]!,
            PatientKey: masked ? (string?)r[2] : (string?)r[1],
            DoctorId: (string?)r[3],
            ArrivalTime: Convert.ToDateTime(r[4], CultureInfo.InvariantCulture),
            TriageLevel: (long)KpiTable.Normalize(r[5], KpiType.WholeNumber)!,
            WaitTimeMinutes: (long)KpiTable.Normalize(r[6], KpiType.WholeNumber)!,
            Department: (string)r[7]!,
            Age: age is null ? null : masked && age >= 90 ? TopCodedAge : age.Value.ToString(CultureInfo.InvariantCulture),
            Gender: (string?)r[9],
            BloodGroup: (string?)r[10],
            PreExistingCondition: masked && condition is not null ? MaskedText : condition);
    }
}
