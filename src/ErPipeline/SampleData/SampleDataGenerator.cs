using System.Globalization;
using System.Text;
using ErPipeline.Ingestion;

namespace ErPipeline.SampleData;

/// <summary>A defect the generator put into a dirty file on purpose, and the quarantine reason the rules must give it.</summary>
public sealed record InjectedDefect(long LineNumber, string ExpectedReason, string Description);

/// <summary>
/// Writes synthetic CSV batches in the contract's format: plausible ED patients and visits, the same bytes for the
/// same seed. Optionally a small dirty visits file with realistic defects, each one listed with its expected reason.
/// </summary>
public sealed class SampleDataGenerator(int seed)
{
    public const string PatientsFile = "patients.csv";
    public const string VisitsFile = "er_visits.csv";
    public const string DirtyVisitsFile = "er_visits_dirty.csv";

    private static readonly DateTime FirstArrival = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    // US blood-type frequencies (American Red Cross), in percent.
    private static readonly (string Value, double Weight)[] BloodGroups =
        [("O+", 37.4), ("A+", 35.7), ("B+", 8.5), ("AB+", 3.4), ("O-", 6.6), ("A-", 6.3), ("B-", 1.5), ("AB-", 0.6)];

    private static readonly (string Value, double Weight)[] Genders = [("Male", 48.5), ("Female", 49.5), ("Other", 2)];

    private static readonly (string Value, double Weight)[] Conditions =
        [("", 45), ("Hypertension", 18), ("Diabetes", 12), ("Asthma", 9), ("Heart Disease", 7), ("COPD", 5), ("Chronic Kidney Disease", 4)];

    private static readonly (string Value, double Weight)[] Departments =
        [("General ER", 40), ("Trauma", 15), ("Pediatrics", 15), ("Cardiology", 15), ("Orthopedics", 15)];

    // ESI-like mix: few resuscitations, most level 3.
    private static readonly (int Value, double Weight)[] TriageLevels = [(1, 2), (2, 15), (3, 40), (4, 30), (5, 13)];

    // Median wait (minutes) by triage level; waits are log-normal around it.
    private static readonly double[] MedianWait = [0, 2, 12, 35, 60, 80];

    // Arrivals by hour of day: quiet at night, busiest late morning to evening.
    private static readonly double[] HourWeights =
        [2, 1.5, 1.2, 1, 1, 1.2, 2, 3.5, 5, 6, 6.5, 6.5, 6.2, 6, 6, 6, 6, 6.2, 6, 5.5, 5, 4, 3.2, 2.5];

    private const string VisitHeader = "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed";

    public static string PatientId(int number) => $"P{number:D5}";

    public static string VisitId(int number) => $"V{number:D6}";

    public async Task WritePatientsAsync(TextWriter writer, int count, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        await writer.WriteLineAsync(string.Join(',', CsvContract.PatientColumns)).ConfigureAwait(false);
        var line = new StringBuilder(96);
        for (var i = 1; i <= count; i++)
        {
            line.Clear()
                .Append(PatientId(i)).Append(',')
                .Append(Age(random).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Pick(random, Genders)).Append(',')
                .Append(Pick(random, BloodGroups)).Append(',')
                .Append(Pick(random, Conditions));
            await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task WriteVisitsAsync(TextWriter writer, int count, int patientCount, CancellationToken cancellationToken)
    {
        var random = new Random(seed + 1);
        await writer.WriteLineAsync(VisitHeader).ConfigureAwait(false);
        var line = new StringBuilder(96);
        for (var i = 1; i <= count; i++)
        {
            var triage = Pick(random, TriageLevels);
            line.Clear()
                .Append(VisitId(i)).Append(',')
                .Append(PatientId(random.Next(1, patientCount + 1))).Append(',')
                .Append(CultureInfo.InvariantCulture, $"D{random.Next(1, 41):D3}").Append(',')
                .Append(Arrival(random).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(',')
                .Append(triage.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Wait(random, triage).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Pick(random, Departments));
            await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A small visits file of rows a real export produces: messy but cleanable values, a repeated key, a visit of a
    /// patient not loaded yet, and rows the rules must quarantine. Ids continue after <paramref name="firstVisitNumber"/>.
    /// </summary>
    public async Task<IReadOnlyList<InjectedDefect>> WriteDirtyVisitsAsync(TextWriter writer, int rows, int patientCount, int firstVisitNumber, CancellationToken cancellationToken)
    {
        var random = new Random(seed + 2);
        var defects = new List<InjectedDefect>();
        // Columns in another order, with spaces and capitals, and an extra column: all allowed by the contract.
        await writer.WriteLineAsync(" Visit_ID ,Patient_ID,arrival_time,triage_level,wait_time_minutes,department_routed,doctor_id,notes").ConfigureAwait(false);
        long lineNumber = 1;
        var number = firstVisitNumber;
        string? lastGoodId = null;

        var dirtyKinds = DirtyRows.Length;
        for (var i = 0; i < rows; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            var visitId = VisitId(number++);
            var patientId = PatientId(random.Next(1, patientCount + 1));
            var triage = Pick(random, TriageLevels);
            var arrival = Arrival(random).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var wait = Wait(random, triage).ToString(CultureInfo.InvariantCulture);
            var department = Pick(random, Departments);
            var doctor = $"D{random.Next(1, 41):D3}";

            // Every other row is dirty, cycling through the kinds of dirt.
            if (i % 2 == 1)
            {
                var dirty = DirtyRows[(i / 2) % dirtyKinds];
                var row = dirty.Make(new DirtyContext(visitId, patientId, arrival, triage, wait, department, doctor, lastGoodId ?? visitId));
                await writer.WriteLineAsync(row).ConfigureAwait(false);
                if (dirty.ExpectedReason is not null)
                {
                    defects.Add(new InjectedDefect(lineNumber, dirty.ExpectedReason, dirty.Description));
                }

                lineNumber += row.Count(c => c == '\n');
                continue;
            }

            lastGoodId = visitId;
            await writer.WriteLineAsync(Row(visitId, patientId, arrival, triage.ToString(CultureInfo.InvariantCulture), wait, department, doctor, "")).ConfigureAwait(false);
        }

        return defects;
    }

    private static string Row(string visitId, string patientId, string arrival, string triage, string wait, string department, string doctor, string notes) =>
        string.Join(',', visitId, patientId, arrival, triage, wait, department, doctor, notes);

    private sealed record DirtyContext(string VisitId, string PatientId, string Arrival, int Triage, string Wait, string Department, string Doctor, string EarlierVisitId);

    private sealed record DirtyRow(string Description, string? ExpectedReason, Func<DirtyContext, string> Make);

    private static readonly DirtyRow[] DirtyRows =
    [
        new("missing visit_id", "visit_id: missing",
            c => Row("", c.PatientId, c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "")),
        new("lower-case ids, padded values, triage 3.0, department in capitals (all cleanable)", null,
            c => Row($" {c.VisitId.ToLowerInvariant()} ", c.PatientId.ToLowerInvariant(), c.Arrival, $"{c.Triage}.0", c.Wait, $"  {c.Department.ToUpperInvariant()} ", c.Doctor.ToLowerInvariant(), "")),
        new("arrival as day/month/year", "arrival_time: not yyyy-MM-dd HH:mm[:ss] or yyyy-MM-ddTHH:mm:ss[.fff]",
            c => Row(c.VisitId, c.PatientId, DateTime.ParseExact(c.Arrival, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture), $"{c.Triage}", c.Wait, c.Department, c.Doctor, "")),
        new("triage level 0", "triage_level: not an integer 1-5",
            c => Row(c.VisitId, c.PatientId, c.Arrival, "0", c.Wait, c.Department, c.Doctor, "")),
        new("ISO arrival with T and fraction, no doctor, unknown department (cleanable)", null,
            c => Row(c.VisitId, c.PatientId, c.Arrival.Replace(' ', 'T') + ".250", $"{c.Triage}", c.Wait, "Urgent  Care", "", "walk-in")),
        new("negative wait", "wait_time_minutes: not an integer 0-1440",
            c => Row(c.VisitId, c.PatientId, c.Arrival, $"{c.Triage}", "-12", c.Department, c.Doctor, "")),
        new("a field too many (unquoted comma in notes)", "row: expected 8 fields, found 9",
            c => Row(c.VisitId, c.PatientId, c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "fell, hit head")),
        new("arrival in 2099", "arrival_time: more than one day after the load",
            c => Row(c.VisitId, c.PatientId, "2099-01-01 10:00:00", $"{c.Triage}", c.Wait, c.Department, c.Doctor, "")),
        new("repeat of an earlier visit id (the later row wins)", null,
            c => Row(c.EarlierVisitId, c.PatientId, c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "corrected")),
        new("missing patient_id", "patient_id: missing",
            c => Row(c.VisitId, "  ", c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "")),
        new("patient not in the patients file (inferred member)", null,
            c => Row(c.VisitId, "P99999", c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "transfer")),
        new("wait of two days, triage text", "triage_level: not an integer 1-5; wait_time_minutes: not an integer 0-1440",
            c => Row(c.VisitId, c.PatientId, c.Arrival, "urgent", "2880", c.Department, c.Doctor, "")),
        new("arrival before 2000", "arrival_time: before 2000-01-01",
            c => Row(c.VisitId, c.PatientId, "1999-12-31 23:59:00", $"{c.Triage}", c.Wait, c.Department, c.Doctor, "")),
        new("quoted note spanning two lines (valid CSV)", null,
            c => Row(c.VisitId, c.PatientId, c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "\"left via ambulance bay,\nreturned\"")),
        new("stray quote inside an unquoted field", "row: malformed CSV (quote inside an unquoted field)",
            c => Row(c.VisitId, c.PatientId, c.Arrival, $"{c.Triage}", c.Wait, c.Department, c.Doctor, "6\"2 tall")),
    ];

    private static int Age(Random random)
    {
        // ED visits skew to young children and older adults.
        var band = random.NextDouble();
        return band switch
        {
            < 0.15 => random.Next(0, 16),
            < 0.55 => random.Next(16, 50),
            < 0.85 => random.Next(50, 80),
            _ => random.Next(80, 101),
        };
    }

    private static DateTime Arrival(Random random)
    {
        var day = random.Next(0, 365);
        var hour = PickIndex(random, HourWeights);
        return FirstArrival.AddDays(day).AddHours(hour).AddMinutes(random.Next(0, 60)).AddSeconds(random.Next(0, 4) * 15);
    }

    private static int Wait(Random random, int triage)
    {
        if (triage == 1)
        {
            return random.Next(0, 3);
        }

        // Log-normal around the level's median (Box-Muller).
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var minutes = MedianWait[triage] * Math.Exp(0.6 * normal);
        return (int)Math.Clamp(Math.Round(minutes), 0, 720);
    }

    private static T Pick<T>(Random random, (T Value, double Weight)[] choices) =>
        choices[PickIndex(random, choices.Select(c => c.Weight).ToArray())].Value;

    private static int PickIndex(Random random, double[] weights)
    {
        var total = weights.Sum();
        var target = random.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
