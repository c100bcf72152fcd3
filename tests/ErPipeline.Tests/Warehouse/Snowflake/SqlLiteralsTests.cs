using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using ErTests.FakeSnowflake;

namespace ErPipeline.Tests.Warehouse.Snowflake;

/// <summary>Values written into multi-statement requests (the SQL API takes no bindings there) must come back unchanged.</summary>
public sealed class SqlLiteralsTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("O'Brien", "'O''Brien'")] // a quote is doubled
    [InlineData(@"C:\temp\", @"'C:\\temp\\'")] // Snowflake reads a backslash as an escape, so it is escaped itself
    [InlineData(@"\'; DROP TABLE dim_patient; --", @"'\\''; DROP TABLE dim_patient; --'")] // an injection attempt stays inside the string
    [InlineData("", "''")] // empty is not NULL
    public void Text_IsQuotedWithQuotesAndBackslashesEscaped(string value, string literal) =>
        Assert.Equal(literal, SqlLiterals.Literal(SqlBinding.Text(value)));

    [Fact]
    public void Values_OfEveryType_AreWrittenAsTypedLiterals()
    {
        Assert.Equal("NULL", SqlLiterals.Literal(SqlBinding.Text(null)));
        Assert.Equal("-42", SqlLiterals.Literal(SqlBinding.Fixed(-42)));
        Assert.Equal("36.6", SqlLiterals.Literal(new SqlBinding(SqlType.Real, 36.6)));
        Assert.Equal("TRUE", SqlLiterals.Literal(new SqlBinding(SqlType.Boolean, true)));
        Assert.Equal("CAST('2025-01-31' AS DATE)", SqlLiterals.Literal(new SqlBinding(SqlType.Date, new DateOnly(2025, 1, 31))));
        Assert.Equal("CAST('2025-01-31 23:59:58.123456' AS TIMESTAMP_NTZ)",
            SqlLiterals.Literal(SqlBinding.Timestamp(new DateTime(2025, 1, 31, 23, 59, 58).AddTicks(1234560))));
    }

    [Fact]
    public void NonFiniteReals_AreRefused() =>
        Assert.Throws<ArgumentException>(() => SqlLiterals.Literal(new SqlBinding(SqlType.Real, double.NaN)));

    [Fact]
    public void Inline_ReplacesPlaceholdersOutsideStringsAndComments()
    {
        var statement = new SqlStatement("-- why? a comment\nSELECT '?' AS q, ? AS a, ? AS b WHERE 'it''s?' <> ?", [SqlBinding.Text("x"), SqlBinding.Fixed(1), SqlBinding.Text("y")]);

        Assert.Equal("-- why? a comment\nSELECT '?' AS q, 'x' AS a, 1 AS b WHERE 'it''s?' <> 'y'", SqlLiterals.Inline(statement));
    }

    [Fact]
    public void Inline_WithMoreOrFewerValuesThanPlaceholders_Throws()
    {
        Assert.Throws<ArgumentException>(() => SqlLiterals.Inline(new SqlStatement("SELECT ?, ?", [SqlBinding.Fixed(1)])));
        Assert.Throws<ArgumentException>(() => SqlLiterals.Inline(new SqlStatement("SELECT ?", [SqlBinding.Fixed(1), SqlBinding.Fixed(2)])));
    }

    [Theory]
    [InlineData(@"a\b")]
    [InlineData("it's")]
    [InlineData("line\nbreak")]
    [InlineData(@"\'")]
    public void Text_ReadBackTheWaySnowflakeReadsStrings_IsTheOriginal(string value)
    {
        // The fake SQL API decodes literals as Snowflake does (backslash escapes); DuckDB then returns the value.
        var decoded = DuckDbSqlBackend.ToDuckDb("SELECT " + SqlLiterals.Literal(SqlBinding.Text(value)));
        Assert.Equal("SELECT '" + value.Replace("'", "''", StringComparison.Ordinal) + "'", decoded);
    }
}
