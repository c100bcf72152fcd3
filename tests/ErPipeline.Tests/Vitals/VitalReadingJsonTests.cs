using System.Text.Json;
using ErPipeline.Vitals;

namespace ErPipeline.Tests.Vitals;

public sealed class VitalReadingJsonTests
{
    [Fact]
    public void Line_RoundTrips_WithUtcTimesAndNullVitalsWritten()
    {
        var reading = VitalsJson.FromLine("""{"patientId":"P00001","deviceId":"BED-7","observedAt":"2026-03-01T13:00:05.25+01:00","respirationRate":18,"spo2":null,"spo2Scale":2,"onOxygen":true,"systolicBp":121,"heartRate":84,"consciousness":"V","temperatureC":37.2}""");

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 5, 250, TimeSpan.Zero), reading.ObservedAt);
        Assert.Equal((2, true, Consciousness.V), (reading.Spo2Scale, reading.OnOxygen, reading.Consciousness));
        Assert.Equal(
            """{"patientId":"P00001","deviceId":"BED-7","observedAt":"2026-03-01T12:00:05.25Z","respirationRate":18,"spo2":null,"spo2Scale":2,"onOxygen":true,"systolicBp":121,"heartRate":84,"consciousness":"V","temperatureC":37.2}""",
            VitalsJson.ToLine(reading));
    }

    [Fact]
    public void Line_WithoutScale_IsOnScaleOne()
    {
        var reading = VitalsJson.FromLine("""{"patientId":"P1","deviceId":"D","observedAt":"2026-03-01T12:00:00Z"}""");

        Assert.Equal(1, reading.Spo2Scale);
        Assert.Null(reading.HeartRate);
    }

    [Theory]
    [InlineData("""{"patientId":"P1","deviceId":"D","observedAt":"2026-03-01T12:00:00"}""", "with a zone")]
    [InlineData("""{"patientId":"P1","deviceId":"D","observedAt":"2026-03-01T12:00:00Z","consciousness":"Q"}""", "consciousness")]
    [InlineData("""{"deviceId":"D","observedAt":"2026-03-01T12:00:00Z"}""", "patientId")]
    [InlineData("""{"patientId":"P1","deviceId":"D","observedAt":"2026-03-01T12:00:00Z","heartRate":"fast"}""", "heartRate")]
    public void Line_Malformed_IsRefusedNamingWhatIsWrong(string line, string named)
    {
        var error = Assert.Throws<JsonException>(() => VitalsJson.FromLine(line));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
