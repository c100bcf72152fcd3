using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using ErPipeline.Warehouse;
using ErTests.Support;

namespace ErPipeline.Tests.Warehouse;

/// <summary>
/// The Snowflake worksheet scripts of sql/snowflake. No Snowflake account is available, so these check what can be
/// checked here: the scripts split into well-formed statements, name only objects the schema or the scripts define,
/// create the same tables as the migrations, and their analyses give hand-computed answers on DuckDB.
/// </summary>
public sealed partial class SnowflakeScriptsTests
{
    private static readonly string[] ScriptFiles =
        ["01_setup.sql", "02_stage.sql", "03_security.sql", "04_analytics.sql", "05_tuning.sql", "06_keypair_user.sql"];

    public static TheoryData<string> Scripts => new(ScriptFiles);

    private static readonly HashSet<string> CommandKeywords = new(StringComparer.Ordinal)
    {
        "ALTER", "BEGIN", "CALL", "COMMIT", "COPY", "CREATE", "DELETE", "DESC", "DESCRIBE", "DROP", "EXECUTE", "GRANT",
        "INSERT", "LIST", "MERGE", "REVOKE", "ROLLBACK", "SELECT", "SET", "SHOW", "UNSET", "UPDATE", "USE", "WITH",
    };

    private static readonly string[] AgreedRoles = ["ER_ADMIN", "ER_DOCTOR", "ER_ANALYST", "ER_LOADER"];

    private static readonly string[] SystemRoles = ["ACCOUNTADMIN", "SECURITYADMIN", "SYSADMIN", "USERADMIN"];

    /// <summary>Sources outside ER_DB.ER that a script may read: Snowflake's own usage views.</summary>
    private static readonly string[] SystemSources = ["SNOWFLAKE.ACCOUNT_USAGE."];

    [Fact]
    public void Folder_HoldsExactlyTheScriptsRunInOrder()
    {
        var files = Directory.GetFiles(RepositoryPaths.Of("sql/snowflake"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(ScriptFiles, files);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_SplitsIntoStatementsThatEachStartWithACommandAndBalanceTheirParentheses(string file)
    {
        var statements = Statements(file);

        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.True(CommandKeywords.Contains(s.Keyword), $"{file} {s} starts with '{s.Keyword}', not a Snowflake command"));
        Assert.All(statements, s => Assert.True(s.ParenthesesBalance == 0, $"{file} {s} has unbalanced parentheses ({s.ParenthesesBalance})"));
    }

    [Fact]
    public void Splitter_KeepsSemicolonsInsideStringsIdentifiersBodiesAndComments()
    {
        const string script = """
            -- a comment; with a semicolon
            SELECT 'it''s; fine', 'back\'slash;', "odd;name" FROM t; /* block; comment */
            EXECUTE IMMEDIATE $$ BEGIN SELECT 1; SELECT 2; END; $$;
            SHOW TABLES
            """;

        var statements = SnowflakeWorksheet.Split(script);

        Assert.Equal(["SELECT", "EXECUTE", "SHOW"], statements.Select(s => s.Keyword));
        Assert.Equal(2, statements[0].Line);
        Assert.Contains("'it''s; fine'", statements[0].Code, StringComparison.Ordinal);
        Assert.DoesNotContain("fine", statements[0].Skeleton, StringComparison.Ordinal);
        Assert.Contains("SELECT 2; END;", statements[1].Code, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SELECT 'never closed")]          // a string runs to the end of the file
    [InlineData("SELECT \"never closed")]         // a quoted identifier runs to the end of the file
    [InlineData("EXECUTE IMMEDIATE $$ BEGIN")]     // a $$ body is never closed
    [InlineData("SELECT 1 /* never closed")]      // a block comment runs to the end of the file
    public void Splitter_UnterminatedText_IsRejectedWithItsLine(string script)
    {
        var error = Assert.Throws<FormatException>(() => SnowflakeWorksheet.Split(script));

        Assert.StartsWith("Line 1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_NamesOnlyObjectsAndColumnsTheSchemaOrTheScriptsDefine(string file)
    {
        var catalog = await CatalogAsync();
        var problems = new List<string>();

        foreach (var statement in Statements(file))
        {
            var ctes = CteName().Matches(statement.Skeleton).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);

            foreach (Match m in QualifiedName().Matches(statement.Code))
            {
                if (!catalog.Objects.Contains(m.Groups[1].Value))
                {
                    problems.Add($"{file} {statement}: ER_DB.ER.{m.Groups[1].Value} is neither a table of the migrations nor an object the scripts create");
                }
            }

            var sql = ExtractFrom().Replace(statement.Skeleton, "EXTRACT(");
            foreach (Match m in TableReference().Matches(sql))
            {
                var target = m.Groups[1].Value;
                if (!target.StartsWith("ER_DB.ER.", StringComparison.OrdinalIgnoreCase) && !ctes.Contains(target)
                    && !SystemSources.Any(s => target.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    problems.Add($"{file} {statement}: '{m.Value.Trim()}' names neither ER_DB.ER.<object> nor a CTE of the statement");
                }
            }

            var aliases = AliasedTable().Matches(sql)
                .Where(m => m.Groups[2].Success && !NotAnAlias.Contains(m.Groups[2].Value))
                .ToLookup(m => m.Groups[2].Value, m => m.Groups[1].Value, StringComparer.OrdinalIgnoreCase);
            foreach (Match m in AliasColumn().Matches(sql))
            {
                var tables = aliases[m.Groups[1].Value].Where(catalog.Columns.ContainsKey).ToArray();
                if (tables.Length > 0 && !tables.Any(t => catalog.Columns[t].Contains(m.Groups[2].Value)))
                {
                    problems.Add($"{file} {statement}: {m.Value} is not a column of {string.Join(" or ", tables)}");
                }
            }

            var altered = AlterTable().Match(sql);
            if (altered.Success && catalog.Columns.TryGetValue(altered.Groups[1].Value, out var columns))
            {
                foreach (Match m in ColumnClause().Matches(sql))
                {
                    var column = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                    if (!columns.Contains(column))
                    {
                        problems.Add($"{file} {statement}: column {column} is not in {altered.Groups[1].Value}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_NamesOnlyTheAgreedRolesWarehouseDatabaseAndIntegration(string file)
    {
        var problems = new List<string>();
        foreach (var statement in Statements(file))
        {
            var names = RoleName().Matches(statement.Skeleton).Select(m => ("role", Name(m)))
                .Concat(RoleLiteral().Matches(statement.Code).Select(m => ("role", Name(m))))
                .Concat(WarehouseName().Matches(statement.Skeleton).Select(m => ("warehouse", Name(m))))
                .Concat(DatabaseName().Matches(statement.Skeleton).Select(m => ("database", Name(m))))
                .Concat(IntegrationName().Matches(statement.Code).Select(m => ("integration", Name(m))));
            foreach (var (kind, name) in names)
            {
                var allowed = kind switch
                {
                    "role" => AgreedRoles.Concat(SystemRoles).Contains(name, StringComparer.Ordinal),
                    "warehouse" => name == "ER_WH",
                    "database" => name == "ER_DB",
                    _ => name == "ER_AZURE_CURATED",
                };
                if (!allowed)
                {
                    problems.Add($"{file} {statement}: {kind} {name} is not one of the agreed names");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Security_GrantsEveryAgreedRoleAndHasTheLoaderReadTheStage()
    {
        var statements = Statements("03_security.sql");
        var security = string.Join('\n', statements.Select(s => s.Code));

        Assert.All(AgreedRoles, role => Assert.Contains($"CREATE ROLE IF NOT EXISTS {role}", security, StringComparison.Ordinal));
        Assert.Contains("GRANT USAGE ON STAGE ER_DB.ER.ER_CURATED_STAGE TO ROLE ER_LOADER", security, StringComparison.Ordinal);
        Assert.Contains("GRANT CREATE TABLE ON SCHEMA ER_DB.ER TO ROLE ER_LOADER", security, StringComparison.Ordinal);
        // Analysts read the masked view only: no grant on any table.
        Assert.All(statements, s => Assert.DoesNotMatch(@"^GRANT .* ON (TABLE|ALL TABLES|FUTURE TABLES) .*TO ROLE ER_ANALYST\b", s.Code));
    }

    [Fact]
    public void Stage_FileFormatDescribesTheLoadersCuratedFiles()
    {
        var format = Assert.Single(Statements("02_stage.sql"), s => s.Code.StartsWith("CREATE FILE FORMAT", StringComparison.Ordinal)).Code;

        string[] options =
        [
            "TYPE = CSV", "COMPRESSION = GZIP", "FIELD_DELIMITER = ','", "SKIP_HEADER = 1", "FIELD_OPTIONALLY_ENCLOSED_BY = '\"'",
            "NULL_IF = ('')", "EMPTY_FIELD_AS_NULL = TRUE", "TIMESTAMP_FORMAT = 'YYYY-MM-DD HH24:MI:SS.FF6'",
            "ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE", "ENCODING = 'UTF8'",
        ];
        Assert.All(options, option => Assert.Contains(option, format, StringComparison.Ordinal));
        Assert.StartsWith("CREATE FILE FORMAT IF NOT EXISTS ER_DB.ER.ER_CSV_GZ", format, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_CreatesTheSameTablesColumnsTypesAndNullabilityAsTheMigrations()
    {
        using var migrated = DuckDb.Open();
        migrated.Migrate();
        using var setup = DuckDb.Open();
        foreach (var statement in Statements("01_setup.sql").Where(s => s.Code.StartsWith("CREATE TABLE", StringComparison.Ordinal)))
        {
            setup.Execute(ForDuckDb(statement.Code));
        }

        const string columns = """
            SELECT table_name, column_name, data_type, is_nullable
            FROM information_schema.columns
            ORDER BY table_name, ordinal_position
            """;
        var expected = await migrated.QueryAsync(columns);
        Assert.NotEmpty(expected);
        Assert.Equal(Describe(expected), Describe(await setup.QueryAsync(columns)));
    }

    [Fact]
    public void Setup_WritesEveryTimestampAsTimestampNtz()
    {
        var tables = Statements("01_setup.sql").Where(s => s.Code.StartsWith("CREATE TABLE", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(tables);
        Assert.All(tables, t => Assert.DoesNotMatch(@"\bTIMESTAMP\b(?!_NTZ)", t.Code));
    }

    [Fact]
    public async Task Analytics_EveryQueryRunsOnDuckDb()
    {
        using var db = SmallEd();

        var queries = AnalyticsQueries();

        Assert.Equal(5, queries.Count);
        foreach (var query in queries)
        {
            var rows = await db.QueryAsync(ForDuckDb(query.Code));
            Assert.True(rows.Count > 0, $"04_analytics.sql {query} returned no rows on the small data set");
        }
    }

    [Fact]
    public async Task Analytics_CriticalWorkload_DenseRanksDoctorsByCriticalVisits()
    {
        using var db = SmallEd();

        var rows = await db.QueryAsync(ForDuckDb(Analysis("critical_workload_rank")));

        // D1: V1 (level 1) and V2 (level 2) of 3 visits; D2: V4 of 2; D3: V6 of 2; V7 has no doctor and is left out.
        Assert.Equal(
            ["D1 3 2 1", "D2 2 1 2", "D3 2 1 2"],
            rows.Select(r => string.Join(' ', Text(r[0]), Text(r[1]), Text(r[2]), Text(r[4]))));
        Assert.Equal(2.0 / 3, Convert.ToDouble(rows[0][3], CultureInfo.InvariantCulture), 9);
    }

    [Fact]
    public async Task Analytics_RollingWait_OnTheEighthOfJanuaryCoversTheSevenDaysEndingThatDay()
    {
        using var db = SmallEd();

        var rows = await db.QueryAsync(ForDuckDb(Analysis("avg_daily_wait_minutes_7d")));
        var day = Assert.Single(rows, r => Text(r[0]) == "Trauma" && Text(r[1]).StartsWith("2025-01-08", StringComparison.Ordinal));

        // 2 to 8 January: the 3rd (V3 waited 40) and the 8th (V4 30, V8 90: daily mean 60). The 1st is 7 days back: out.
        Assert.Equal(2L, Convert.ToInt64(day[2], CultureInfo.InvariantCulture));
        Assert.Equal(60.0, Convert.ToDouble(day[3], CultureInfo.InvariantCulture), 9);
        Assert.Equal(3L, Convert.ToInt64(day[4], CultureInfo.InvariantCulture));
        Assert.Equal(50.0, Convert.ToDouble(day[5], CultureInfo.InvariantCulture), 9);          // (40 + 60) / 2 days
        Assert.Equal(160.0 / 3, Convert.ToDouble(day[6], CultureInfo.InvariantCulture), 9);     // (40 + 30 + 90) / 3 visits
    }

    [Fact]
    public async Task Analytics_SevereIncidents_PutLevelOneFirstThenTheLongestPastTarget()
    {
        using var db = SmallEd();

        var rows = await db.QueryAsync(ForDuckDb(Analysis("minutes_over_target")));

        // Level 1 target 0: V1 waited 5, V6 2. Level 2 target 15: V4 waited 30 (15 over), V2 25 (10 over).
        Assert.Equal(["V1 5", "V6 2", "V4 15", "V2 10"], rows.Select(r => $"{Text(r[0])} {Text(r[7])}"));
    }

    [Fact]
    public async Task Analytics_MonthlyLoad_RunsTotalsPerDepartment()
    {
        using var db = SmallEd();

        var rows = await db.QueryAsync(ForDuckDb(Analysis("cumulative_critical_visits")));

        // Cardiology: V6 (level 1) in January, V7 in February. Trauma: six visits in January, three of them critical.
        Assert.Equal(
            ["Cardiology 2025-01 1 1 1 1", "Cardiology 2025-02 1 0 2 1", "Trauma 2025-01 6 3 6 3"],
            rows.Select(r => string.Join(' ', Text(r[0]), Text(r[1])[..7], Text(r[2]), Text(r[3]), Text(r[4]), Text(r[5]))));
    }

    [Fact]
    public async Task Analytics_DepartmentRank_RanksEachVisitAgainstItsDepartmentAverage()
    {
        using var db = SmallEd();

        var rows = await db.QueryAsync(ForDuckDb(Analysis("wait_rank_in_department")));
        var longest = rows.First(r => Text(r[1]) == "Trauma");

        // Trauma waits 5 25 40 30 60 90: mean 250 / 6; V8's 90 ranks first.
        Assert.Equal("V8", Text(longest[0]));
        Assert.Equal(250.0 / 6, Convert.ToDouble(longest[4], CultureInfo.InvariantCulture), 9);
        Assert.Equal(90 - 250.0 / 6, Convert.ToDouble(longest[5], CultureInfo.InvariantCulture), 9);
        Assert.Equal(1L, Convert.ToInt64(longest[6], CultureInfo.InvariantCulture));
    }

    [Theory]
    // An analyst of every department: surrogate keys (none yet for P3), 90+ and masked conditions, as VisitFeed does.
    [InlineData("ER_ANALYST", "V1 S1 90+ masked|V2 S2 40 null|V3 null 70 masked|V4 S1 90+ masked|V5 S2 40 null|V6 null 70 masked|V7 S1 90+ masked|V8 S2 40 null")]
    // An analyst role that role_department limits to Trauma: Cardiology's V6 and V7 are not there.
    [InlineData("ER_ANALYST_TRAUMA", "V1 S1 90+ masked|V2 S2 40 null|V3 null 70 masked|V4 S1 90+ masked|V5 S2 40 null|V8 S2 40 null")]
    // A clinician: patient ids, exact ages and conditions, every department.
    [InlineData("ER_DOCTOR", "V1 P1 95 Asthma|V2 P2 40 null|V3 P3 70 Diabetes|V4 P1 95 Asthma|V5 P2 40 null|V6 P3 70 Diabetes|V7 P1 95 Asthma|V8 P2 40 null")]
    // A role with no row in role_department sees nothing.
    [InlineData("ER_LOADER_TYPO", "")]
    public async Task SecureView_ShowsEachRoleWhatTheFeedWould(string sessionRole, string expected)
    {
        using var db = SmallEd();
        db.Execute("INSERT INTO patient_surrogate VALUES ('P1', 'S1', TIMESTAMP '2025-03-01 00:00:00'), ('P2', 'S2', TIMESTAMP '2025-03-01 00:00:00')");
        var security = Statements("03_security.sql");
        db.Execute(ForDuckDb(Assert.Single(security, s => s.Code.StartsWith("CREATE TABLE IF NOT EXISTS ER_DB.ER.role_department", StringComparison.Ordinal)).Code));
        db.Execute(ForDuckDb(Assert.Single(security, s => s.Keyword == "MERGE").Code));
        db.Execute("INSERT INTO role_department VALUES ('ER_ANALYST_TRAUMA', 'Trauma')");
        // Stand-ins for Snowflake's session: the roles in the session, and IS_ROLE_IN_SESSION over them.
        db.Execute($"CREATE TABLE session_role AS SELECT '{sessionRole}' AS role_name");
        db.Execute("CREATE MACRO is_role_in_session(r) AS (r IN (SELECT role_name FROM session_role))");
        var view = Assert.Single(security, s => s.Code.StartsWith("CREATE OR REPLACE SECURE VIEW ER_DB.ER.visit_masked", StringComparison.Ordinal)).Code;
        // DuckDB has no SECURE views, COPY GRANTS or view comments: keep the name and the query.
        db.Execute("CREATE VIEW visit_masked AS " + ForDuckDb(view[view.IndexOf("\nAS\n", StringComparison.Ordinal)..].Trim()[2..]));

        var rows = await db.QueryAsync("SELECT visit_id, patient_key, age, pre_existing_condition FROM visit_masked ORDER BY visit_id");

        Assert.Equal(expected, string.Join('|', rows.Select(r => string.Join(' ', r.Select(Text)))));
    }

    [Fact]
    public void PipelineAssembly_DoesNotEmbedTheWorksheetScripts()
    {
        Assert.Empty(SqlScripts.In("snowflake"));
        Assert.NotEmpty(SqlScripts.In("migrations"));
    }

    private static IReadOnlyList<WorksheetStatement> Statements(string file) =>
        SnowflakeWorksheet.Split(File.ReadAllText(RepositoryPaths.Of("sql/snowflake/" + file)));

    private static List<WorksheetStatement> AnalyticsQueries() =>
        Statements("04_analytics.sql").Where(s => s.Keyword is "SELECT" or "WITH").ToList();

    private static string Analysis(string outputColumn) =>
        Assert.Single(AnalyticsQueries(), q => q.Skeleton.Contains(" AS " + outputColumn, StringComparison.Ordinal)).Code;

    /// <summary>A Snowflake statement as DuckDB runs it: TIMESTAMP_NTZ is DuckDB's TIMESTAMP, and there is one schema.</summary>
    private static string ForDuckDb(string sql) =>
        sql.Replace("TIMESTAMP_NTZ", "TIMESTAMP", StringComparison.Ordinal).Replace("ER_DB.ER.", "", StringComparison.Ordinal);

    private static string Text(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>The name a match captured, whichever alternative of its pattern matched.</summary>
    private static string Name(Match match) => match.Groups.Values.Skip(1).First(g => g.Success).Value;

    private static string[] Describe(List<object?[]> rows) => rows.Select(r => string.Join(' ', r.Select(Text))).ToArray();

    /// <summary>Tables and their columns from the migrations and from the scripts' own CREATE TABLE, plus every object the scripts create.</summary>
    private static async Task<(HashSet<string> Objects, Dictionary<string, HashSet<string>> Columns)> CatalogAsync()
    {
        using var db = DuckDb.Open();
        db.Migrate();
        foreach (var script in ScriptFiles.Where(s => s != "01_setup.sql"))
        {
            foreach (var table in Statements(script).Where(s => s.Code.StartsWith("CREATE TABLE", StringComparison.Ordinal)))
            {
                db.Execute(ForDuckDb(table.Code));
            }
        }

        var columns = (await db.QueryAsync("SELECT table_name, column_name FROM information_schema.columns"))
            .GroupBy(r => (string)r[0]!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(r => (string)r[1]!).ToHashSet(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
        var objects = columns.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var script in ScriptFiles)
        {
            foreach (var statement in Statements(script))
            {
                objects.UnionWith(CreatedObject().Matches(statement.Code).Select(m => m.Groups[1].Value));
            }
        }

        return (objects, columns);
    }

    /// <summary>
    /// A small ED by hand. Patients P1 (95, asthma), P2 (40), P3 (70, diabetes). Visits:
    /// Trauma V1 01-01 L1 5 min D1, V2 01-01 L2 25 D1, V3 01-03 L3 40 D2, V4 01-08 L2 30 D2, V5 01-09 L4 60 D3,
    /// V8 01-08 L5 90 D1; Cardiology V6 01-08 L1 2 D3, V7 02-02 L5 100 no doctor (all 2025).
    /// </summary>
    private static DuckDb SmallEd()
    {
        var db = DuckDb.Open();
        db.Migrate();
        db.Execute("""
            INSERT INTO dim_patient VALUES
                ('P1', 95, 'Female', 'O+', 'Asthma', FALSE, 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('P2', 40, 'Male', 'A+', NULL, FALSE, 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('P3', 70, 'Other', 'B-', 'Diabetes', FALSE, 'L', TIMESTAMP '2025-03-01 00:00:00')
            """);
        db.Execute("""
            INSERT INTO fact_er_visit VALUES
                ('V1', 'P1', 'D1', TIMESTAMP '2025-01-01 08:00:00', 1, 5, 'Trauma', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V2', 'P2', 'D1', TIMESTAMP '2025-01-01 09:00:00', 2, 25, 'Trauma', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V3', 'P3', 'D2', TIMESTAMP '2025-01-03 10:00:00', 3, 40, 'Trauma', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V4', 'P1', 'D2', TIMESTAMP '2025-01-08 10:00:00', 2, 30, 'Trauma', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V5', 'P2', 'D3', TIMESTAMP '2025-01-09 10:00:00', 4, 60, 'Trauma', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V6', 'P3', 'D3', TIMESTAMP '2025-01-08 11:00:00', 1, 2, 'Cardiology', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V7', 'P1', NULL, TIMESTAMP '2025-02-02 12:00:00', 5, 100, 'Cardiology', 'L', TIMESTAMP '2025-03-01 00:00:00'),
                ('V8', 'P2', 'D1', TIMESTAMP '2025-01-08 12:00:00', 5, 90, 'Trauma', 'L', TIMESTAMP '2025-03-01 00:00:00')
            """);
        return db;
    }

    // Words that can follow a table name but are not its alias.
    private static readonly HashSet<string> NotAnAlias = new(StringComparer.OrdinalIgnoreCase)
    {
        "AS", "ON", "WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "GROUP", "ORDER", "QUALIFY",
        "LIMIT", "USING", "WHEN", "SET", "UNION", "HAVING", "WINDOW", "TO", "IN",
    };

    [GeneratedRegex(@"\bER_DB\.ER\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"(?:\bWITH|,)\s+(\w+)\s+AS\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex CteName();

    [GeneratedRegex(@"\bEXTRACT\s*\(\s*\w+\s+FROM\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExtractFrom();

    // What follows FROM, JOIN, INTO, ON TABLE/VIEW/STAGE/FILE FORMAT, ALTER TABLE and a stage's @: a table or other object.
    [GeneratedRegex(@"(?:\b(?:FROM|JOIN|INTO)\s+|\bON\s+(?:TABLE|VIEW|STAGE|FILE\s+FORMAT)\s+|\bALTER\s+TABLE\s+|@)([A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*)", RegexOptions.IgnoreCase)]
    private static partial Regex TableReference();

    [GeneratedRegex(@"\b(?:FROM|JOIN|INTO)\s+ER_DB\.ER\.(\w+)(?:\s+(?:AS\s+)?(\w+))?", RegexOptions.IgnoreCase)]
    private static partial Regex AliasedTable();

    [GeneratedRegex(@"(?<![\w.])(\w+)\.(\w+)\b")]
    private static partial Regex AliasColumn();

    [GeneratedRegex(@"^ALTER\s+TABLE\s+ER_DB\.ER\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"\bMODIFY\s+COLUMN\s+(\w+)|\bROW\s+ACCESS\s+POLICY\s+[\w.]+\s+ON\s*\(\s*(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex ColumnClause();

    [GeneratedRegex(@"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:SECURE\s+)?(?:TABLE|VIEW|MASKING\s+POLICY|ROW\s+ACCESS\s+POLICY|STAGE|FILE\s+FORMAT)\s+(?:IF\s+NOT\s+EXISTS\s+)?ER_DB\.ER\.(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreatedObject();

    [GeneratedRegex(@"\bROLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_]\w*)|\bDEFAULT_ROLE\s*=\s*(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex RoleName();

    [GeneratedRegex(@"\bIS_ROLE_IN_SESSION\s*\(\s*'([^']*)'")]
    private static partial Regex RoleLiteral();

    [GeneratedRegex(@"\bWAREHOUSE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_]\w*)|\bDEFAULT_WAREHOUSE\s*=\s*(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex WarehouseName();

    [GeneratedRegex(@"\bDATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_]\w*)", RegexOptions.IgnoreCase)]
    private static partial Regex DatabaseName();

    [GeneratedRegex(@"\bINTEGRATION\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_]\w*)|\bSTORAGE_INTEGRATION\s*=\s*(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex IntegrationName();

    /// <summary>A DuckDB file of its own, deleted with its folder on dispose.</summary>
    private sealed class DuckDb : IDisposable
    {
        private readonly string _folder;
        private readonly DuckDBConnection _connection;

        private DuckDb(string folder)
        {
            _folder = folder;
            _connection = new DuckDBConnection($"Data Source={Path.Combine(folder, "sf.duckdb")}");
            _connection.Open();
        }

        public static DuckDb Open() => new(Directory.CreateTempSubdirectory("er-sf-").FullName);

        /// <summary>Applies sql/migrations as the app ships them.</summary>
        public void Migrate()
        {
            foreach (var migration in Migration.All())
            {
                foreach (var statement in migration.Statements())
                {
                    Execute(statement);
                }
            }
        }

        public void Execute(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        public async Task<List<object?[]>> QueryAsync(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            using var reader = await command.ExecuteReaderAsync();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        }

        public void Dispose()
        {
            _connection.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
