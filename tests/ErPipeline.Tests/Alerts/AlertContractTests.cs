using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using ErPipeline.Alerts;
using ErPipeline.Vitals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Alerts;

/// <summary>The queue message as consumers read it, the stored state as any store keeps it, and the settings.</summary>
public sealed class AlertContractTests : AlertTest
{
    private static readonly AlertMessage Example = new()
    {
        AlertId = "P00001:clinical:638725284600000000",
        Kind = AlertKind.Clinical,
        Event = AlertEvent.Raised,
        PatientId = "P00001",
        Band = News2Band.High,
        PreviousBand = News2Band.Medium,
        News2 = 7,
        RedScore = false,
        Parameters = [new("respirationRate", "26", 3), new("heartRate", "115", 2), new("systolicBp", "95", 2)],
        ObservedAt = new DateTimeOffset(2025, 1, 15, 9, 3, 0, TimeSpan.Zero),
        RaisedAt = new DateTimeOffset(2025, 1, 15, 9, 1, 0, TimeSpan.Zero),
        SentAt = new DateTimeOffset(2025, 1, 15, 9, 3, 0, TimeSpan.Zero),
        Response = ClinicalResponse.EmergencyResponse,
        DedupeKey = "P00001:clinical:638725284600000000:raised:High:638725285800000000",
    };

    [Fact]
    public void Message_Serialises_ToTheDocumentedJson()
    {
        var json = AlertsJson.ToLine(Example);

        Assert.Equal("""
            {"schemaVersion":1,"alertId":"P00001:clinical:638725284600000000","kind":"clinical","event":"raised","patientId":"P00001",
            "band":"High","previousBand":"Medium","news2":7,"redScore":false,
            "parameters":[{"name":"respirationRate","value":"26","points":3},{"name":"heartRate","value":"115","points":2},{"name":"systolicBp","value":"95","points":2}],
            "missing":[],"implausible":[],"observedAt":"2025-01-15T09:03:00Z","raisedAt":"2025-01-15T09:01:00Z","sentAt":"2025-01-15T09:03:00Z",
            "response":"Emergency response: assessment by the critical-care team within 30 minutes; continuous monitoring.",
            "dedupeKey":"P00001:clinical:638725284600000000:raised:High:638725285800000000"}
            """.ReplaceLineEndings(""), json);
        Assert.DoesNotContain('\n', json);
    }

    [Fact]
    public void Message_ParsedBack_HasEveryField()
    {
        var parsed = AlertsJson.FromLine(AlertsJson.ToLine(Example));

        Assert.Equal(Example with { Parameters = parsed.Parameters, Missing = parsed.Missing, Implausible = parsed.Implausible }, parsed);
        Assert.Equal(Example.Parameters, parsed.Parameters);
        Assert.Empty(parsed.Missing);
    }

    [Fact]
    public async Task Message_OfATechnicalAlert_HasNullClinicalFieldsAndItsFaults()
    {
        await Every(0, 2, Incomplete(missing: ["spo2", "heartRate"], implausible: ["temperatureC"]));

        using var json = JsonDocument.Parse(AlertsJson.ToLine(Assert.Single(Sent)));

        var root = json.RootElement;
        Assert.Equal("technical", root.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("band").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("news2").ValueKind);
        Assert.Equal(["spo2", "heartRate"], root.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["temperatureC"], root.GetProperty("implausible").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Check the monitor and its probes (missing spo2, heartRate; impossible values for temperatureC): NEWS2 cannot be scored in full until they are back.",
            root.GetProperty("response").GetString());
    }

    [Fact]
    public void Message_WithNonAsciiText_IsValidUtf8Json()
    {
        var message = Example with { PatientId = "Zoë-Ørsted" };

        var bytes = Encoding.UTF8.GetBytes(AlertsJson.ToLine(message));

        Assert.Equal("Zoë-Ørsted", AlertsJson.FromLine(Encoding.UTF8.GetString(bytes)).PatientId);
    }

    [Theory]
    [InlineData("""{"alertId":"a"}""")]                          // required fields missing
    [InlineData("""[1,2]""")]                                     // not an object
    [InlineData("""{"schemaVersion":1,"alertId":"a","kind":"loud","event":"raised"}""")]   // unknown kind
    public void Message_Malformed_FailsToParseWithAJsonException(string line) =>
        Assert.ThrowsAny<JsonException>(() => AlertsJson.FromLine(line));

    [Fact]
    public async Task State_RoundTripsThroughJson()
    {
        await Every(0, 1, High);
        await Every(2, 4, Incomplete());
        var state = (await Store.GetAsync(Patient, default))!.State;

        var again = AlertState.FromJson(state.ToJson());

        Assert.Equal(state.ToJson(), again.ToJson());
        Assert.Equal((News2Band?)News2Band.High, again.Clinical!.Band);
        Assert.NotNull(again.Technical);
        Assert.Equal(Start.AddMinutes(6), again.NextDueAt);
    }

    [Theory]
    [InlineData(ClinicalResponse.Routine, News2Band.Low, 0)]
    [InlineData(ClinicalResponse.NurseAssesses, News2Band.Low, 1)]
    [InlineData(ClinicalResponse.NurseAssesses, News2Band.Low, 4)]
    [InlineData(ClinicalResponse.UrgentWardReview, News2Band.LowMedium, 3)]
    [InlineData(ClinicalResponse.UrgentResponse, News2Band.Medium, 5)]
    [InlineData(ClinicalResponse.UrgentResponse, News2Band.Medium, 6)]
    [InlineData(ClinicalResponse.EmergencyResponse, News2Band.High, 7)]
    public void Response_FollowsTheBandAndForLowTheTotal(string expected, News2Band band, int total) =>
        Assert.Equal(expected, ClinicalResponse.For(band, total));

    [Fact]
    public void Options_Unset_HaveTheDomainDefaults()
    {
        var options = Resolve([]);

        Assert.Equal((2, true, 15), (options.PersistenceReadings, options.PageOnRedScore, options.CoolingMinutes));
        Assert.Equal((5, 15, 30, 2), (options.HighReminderMinutes, options.MediumReminderMinutes, options.LowMediumReminderMinutes, options.EscalateAfterReminders));
        Assert.Equal((3, 5, 60, 5), (options.TechnicalPersistenceReadings, options.TechnicalCoolingMinutes, options.MaxReadingAgeMinutes, options.MaxClockSkewMinutes));
    }

    [Fact]
    public void Options_FromSettings_AreBound()
    {
        var options = Resolve(new() { ["Alerts:PersistenceReadings"] = "3", ["Alerts:PageOnRedScore"] = "false", ["Alerts:HighReminderMinutes"] = "2" });

        Assert.Equal((3, false, 2), (options.PersistenceReadings, options.PageOnRedScore, options.HighReminderMinutes));
    }

    [Theory]
    [InlineData("PersistenceReadings", "0")]          // paging needs at least one reading
    [InlineData("CoolingMinutes", "-1")]              // negative time
    [InlineData("HighReminderMinutes", "2000")]       // more than a day
    [InlineData("TechnicalPersistenceReadings", "0")] // a technical alert needs at least one reading
    [InlineData("MaxReadingAgeMinutes", "0")]         // would ignore every reading
    public void Options_OutOfRange_FailNamingTheSetting(string setting, string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { [$"Alerts:{setting}"] = value }));

        Assert.Contains(setting, failure.Message);
    }

    private static AlertOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddErPipeline(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<AlertOptions>>().Value;
    }

    [Fact]
    public void Options_AreValidatedByDataAnnotations()
    {
        var context = new ValidationContext(new AlertOptions { EscalateAfterReminders = -1 });

        Assert.Throws<ValidationException>(() => Validator.ValidateObject(context.ObjectInstance, context, validateAllProperties: true));
    }
}
