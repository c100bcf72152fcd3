using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace ErPipeline.Kpis;

/// <summary>Everything the full feed document holds.</summary>
public sealed record KpiDocument(
    DateTimeOffset GeneratedAt,
    DateTimeOffset? DataWatermark,
    string Role,
    KpiFilter Filter,
    int MinimumCount,
    bool SuppressionApplied,
    IReadOnlyList<KpiTable> Sections);

/// <summary>Writes the feed as JSON (the document, or one section as a flat array) and CSV, per docs/kpi-feed.md.</summary>
public static class KpiWriters
{
    private static readonly JsonWriterOptions JsonOptions = new() { Indented = false };

    public static byte[] Document(KpiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", KpiCatalog.SchemaVersion);
            json.WriteString("generatedAt", Timestamp(document.GeneratedAt));
            if (document.DataWatermark is { } watermark)
            {
                json.WriteString("dataWatermark", Timestamp(watermark));
            }
            else
            {
                json.WriteNull("dataWatermark");
            }

            json.WriteString("role", document.Role);
            WriteFilter(json, document.Filter);
            json.WriteStartObject("suppression");
            json.WriteNumber("minimumCount", document.MinimumCount);
            json.WriteBoolean("applied", document.SuppressionApplied);
            json.WriteEndObject();
            foreach (var table in document.Sections)
            {
                json.WritePropertyName(table.Section.Name);
                if (table.Section.IsSingleRow)
                {
                    WriteRow(json, table, 0);
                }
                else
                {
                    WriteRows(json, table);
                }
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One section as a flat JSON array of objects (the summary as an array of one).</summary>
    public static byte[] SectionJson(KpiTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var buffer = new ArrayBufferWriter<byte>(4 * 1024);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            WriteRows(json, table);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One section as CSV: a header of the field names, one line per row, empty for null.</summary>
    public static byte[] SectionCsv(KpiTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\r\n" }, leaveOpen: true))
        {
            foreach (var name in table.Section.FieldNames)
            {
                csv.WriteField(name);
            }

            csv.EndRecord();
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                for (var c = 0; c < row.Length; c++)
                {
                    var value = KpiTable.Format(row[c], table.Section.Columns[c].Type) ?? string.Empty;
                    csv.WriteField(table.Section.Columns[c].Type == KpiType.Text ? DefuseFormula(value) : value);
                }

                csv.WriteField(table.Suppressed[r] ? "true" : "false");
                csv.EndRecord();
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Text that a spreadsheet would run as a formula (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR first) gets a
    /// leading apostrophe (OWASP CSV injection). Only text fields: numbers are written as numbers.
    /// </summary>
    internal static string DefuseFormula(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    internal static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteFilter(Utf8JsonWriter json, KpiFilter filter)
    {
        json.WriteStartObject("filters");
        WriteDateOrNull(json, "from", filter.From);
        WriteDateOrNull(json, "to", filter.To);
        json.WriteStartArray("department");
        foreach (var department in filter.Departments)
        {
            json.WriteStringValue(department);
        }

        json.WriteEndArray();
        json.WriteStartArray("triage");
        foreach (var level in filter.TriageLevels)
        {
            json.WriteNumberValue(level);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteDateOrNull(Utf8JsonWriter json, string name, DateOnly? date)
    {
        if (date is { } value)
        {
            json.WriteString(name, value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteRows(Utf8JsonWriter json, KpiTable table)
    {
        json.WriteStartArray();
        for (var r = 0; r < table.Rows.Count; r++)
        {
            WriteRow(json, table, r);
        }

        json.WriteEndArray();
    }

    private static void WriteRow(Utf8JsonWriter json, KpiTable table, int r)
    {
        json.WriteStartObject();
        var columns = table.Section.Columns;
        var row = r < table.Rows.Count ? table.Rows[r] : new object?[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            json.WritePropertyName(columns[c].Name);
            switch (row[c])
            {
                case null:
                    json.WriteNullValue();
                    break;
                case long number:
                    json.WriteNumberValue(number);
                    break;
                case double number:
                    json.WriteNumberValue(number);
                    break;
                case bool flag:
                    json.WriteBooleanValue(flag);
                    break;
                default:
                    json.WriteStringValue(KpiTable.Format(row[c], columns[c].Type));
                    break;
            }
        }

        json.WriteBoolean(KpiSection.SuppressedField, r < table.Suppressed.Count && table.Suppressed[r]);
        json.WriteEndObject();
    }
}
