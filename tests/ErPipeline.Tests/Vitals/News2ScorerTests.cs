using ErPipeline.Vitals;

namespace ErPipeline.Tests.Vitals;

public sealed class News2ScorerTests
{
    /// <summary>DOMAIN.md §1's "unspecified" reading: RR 16, SpO2 98 on scale 1, air, SBP 120, HR 80, Alert, 37.0 °C.</summary>
    private static VitalReading Normal(
        double? rr = 16, double? spo2 = 98, int scale = 1, bool? oxygen = false, double? sbp = 120, double? hr = 80,
        Consciousness? acvpu = Consciousness.A, double? t = 37.0) => new()
    {
        PatientId = "P00001",
        DeviceId = "BED-01",
        ObservedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
        RespirationRate = rr,
        Spo2 = spo2,
        Spo2Scale = scale,
        OnOxygen = oxygen,
        SystolicBp = sbp,
        HeartRate = hr,
        Consciousness = acvpu,
        TemperatureC = t,
    };

    private static int Points(News2Score score, string name) => score.Parameters.Single(p => p.Name == name).Points;

    // The worked examples of DOMAIN.md §1 (RCP 2017), row by row.
    [Theory]
    [InlineData(16, 98, 1, false, 120, 80, Consciousness.A, 37.0, 0, News2Band.Low)]
    [InlineData(18, 90, 1, true, 100, 100, Consciousness.V, 36.5, 11, News2Band.High)]
    [InlineData(7, 80, 1, true, 85, 140, Consciousness.U, 34.5, 20, News2Band.High)]
    [InlineData(22, 98, 1, false, 120, 80, Consciousness.A, 37.0, 2, News2Band.Low)]
    [InlineData(16, 100, 2, true, 120, 80, Consciousness.A, 37.0, 5, News2Band.Medium)]
    [InlineData(16, 90, 2, false, 120, 80, Consciousness.A, 37.0, 0, News2Band.Low)]
    [InlineData(16, 98, 1, false, 120, 35, Consciousness.A, 37.0, 3, News2Band.LowMedium)]
    [InlineData(22, 98, 1, false, 95, 95, Consciousness.A, 37.0, 5, News2Band.Medium)]
    [InlineData(26, 98, 1, false, 95, 115, Consciousness.A, 37.0, 7, News2Band.High)]
    public void Score_WorkedExamples_MatchTheRcpCharts(double rr, double spo2, int scale, bool oxygen, double sbp, double hr, Consciousness acvpu, double t, int total, News2Band band)
    {
        var score = News2Scorer.Score(Normal(rr, spo2, scale, oxygen, sbp, hr, acvpu, t));

        Assert.Equal((total, band), (score.Total, score.Band));
        Assert.True(score.IsComplete);
        Assert.Equal(7, score.Parameters.Count);
    }

    [Theory]
    [InlineData(8, 3)]
    [InlineData(9, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 0)]
    [InlineData(20, 0)]
    [InlineData(21, 2)]
    [InlineData(24, 2)]
    [InlineData(25, 3)]
    public void RespirationRate_EachBandEdge_ScoresItsPoints(double rate, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(rr: rate)), News2Scorer.RespirationRate));

    [Theory]
    [InlineData(91, 3)]
    [InlineData(92, 2)]
    [InlineData(93, 2)]
    [InlineData(94, 1)]
    [InlineData(95, 1)]
    [InlineData(96, 0)]
    [InlineData(100, 0)]
    public void Spo2Scale1_EachBandEdge_ScoresItsPoints(double spo2, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(spo2: spo2)), News2Scorer.Spo2));

    [Theory]
    [InlineData(83, false, 3)]
    [InlineData(84, false, 2)]
    [InlineData(85, true, 2)]
    [InlineData(86, false, 1)]
    [InlineData(87, true, 1)]
    [InlineData(88, true, 0)]
    [InlineData(92, true, 0)]
    [InlineData(93, false, 0)]
    [InlineData(100, false, 0)]
    [InlineData(93, true, 1)]
    [InlineData(94, true, 1)]
    [InlineData(95, true, 2)]
    [InlineData(96, true, 2)]
    [InlineData(97, true, 3)]
    public void Spo2Scale2_EachBandEdgeOnAirAndOxygen_ScoresItsPoints(double spo2, bool oxygen, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(spo2: spo2, scale: 2, oxygen: oxygen)), News2Scorer.Spo2));

    [Theory]
    [InlineData(90, 3)]
    [InlineData(91, 2)]
    [InlineData(100, 2)]
    [InlineData(101, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 0)]
    [InlineData(219, 0)]
    [InlineData(220, 3)]
    public void SystolicBp_EachBandEdge_ScoresItsPoints(double sbp, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(sbp: sbp)), News2Scorer.SystolicBp));

    [Theory]
    [InlineData(40, 3)]
    [InlineData(41, 1)]
    [InlineData(50, 1)]
    [InlineData(51, 0)]
    [InlineData(90, 0)]
    [InlineData(91, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 2)]
    [InlineData(130, 2)]
    [InlineData(131, 3)]
    public void HeartRate_EachBandEdge_ScoresItsPoints(double pulse, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(hr: pulse)), News2Scorer.HeartRate));

    [Theory]
    [InlineData(35.0, 3)]
    [InlineData(35.1, 1)]
    [InlineData(36.0, 1)]
    [InlineData(36.1, 0)]
    [InlineData(38.0, 0)]
    [InlineData(38.1, 1)]
    [InlineData(39.0, 1)]
    [InlineData(39.1, 2)]
    public void Temperature_EachBandEdge_ScoresItsPoints(double celsius, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(t: celsius)), News2Scorer.Temperature));

    [Theory]
    [InlineData(Consciousness.A, 0)]
    [InlineData(Consciousness.C, 3)]
    [InlineData(Consciousness.V, 3)]
    [InlineData(Consciousness.P, 3)]
    [InlineData(Consciousness.U, 3)]
    public void Consciousness_AnythingButAlert_ScoresThree(Consciousness acvpu, int points) =>
        Assert.Equal(points, Points(News2Scorer.Score(Normal(acvpu: acvpu)), News2Scorer.Consciousness));

    [Fact]
    public void Consciousness_ANumberOutsideAcvpu_ScoresThreeLikeAnyLevelButAlert()
    {
        // The enum converter accepts numbers too: 7 is no ACVPU level, and is not taken for Alert.
        var reading = VitalsJson.FromLine(VitalsJson.ToLine(Normal()).Replace("\"consciousness\":\"A\"", "\"consciousness\":7", StringComparison.Ordinal));

        var parameter = News2Scorer.Score(reading).Parameters.Single(p => p.Name == News2Scorer.Consciousness);

        Assert.Equal(("7", 3), (parameter.Value, parameter.Points));
    }

    [Fact]
    public void Oxygen_ScoresTwoAndIsNeverARedScore()
    {
        var score = News2Scorer.Score(Normal(oxygen: true));

        Assert.Equal(2, Points(score, News2Scorer.AirOrOxygen));
        Assert.False(score.RedScore);
        Assert.Equal(News2Band.Low, score.Band);
    }

    [Theory]
    [InlineData(35.05, "35.1", 1)]     // half away from zero, in decimal: 35.05 is not left at 35.0 by binary rounding
    [InlineData(35.04, "35.0", 3)]
    [InlineData(38.05, "38.1", 1)]
    [InlineData(36.04, "36.0", 1)]
    public void Temperature_IsRoundedToOneDecimalHalfAwayFromZero(double celsius, string value, int points)
    {
        var parameter = News2Scorer.Score(Normal(t: celsius)).Parameters.Single(p => p.Name == News2Scorer.Temperature);

        Assert.Equal((value, points), (parameter.Value, parameter.Points));
    }

    [Theory]
    [InlineData(20.5, "21", 2)]
    [InlineData(20.49, "20", 0)]
    [InlineData(8.5, "9", 1)]
    public void RespirationRate_IsRoundedToAWholeNumberHalfAwayFromZero(double rate, string value, int points)
    {
        var parameter = News2Scorer.Score(Normal(rr: rate)).Parameters.Single(p => p.Name == News2Scorer.RespirationRate);

        Assert.Equal((value, points), (parameter.Value, parameter.Points));
    }

    // Band edges of the aggregate: 4 → 5 (Low → Medium), 6 → 7 (Medium → High), a red score at 3 and at 5.
    [Theory]
    [InlineData(4, false, News2Band.Low)]
    [InlineData(5, false, News2Band.Medium)]
    [InlineData(6, false, News2Band.Medium)]
    [InlineData(7, false, News2Band.High)]
    [InlineData(0, false, News2Band.Low)]
    [InlineData(3, true, News2Band.LowMedium)]
    [InlineData(4, true, News2Band.LowMedium)]
    [InlineData(5, true, News2Band.Medium)]
    [InlineData(7, true, News2Band.High)]
    public void Band_OfATotal_FollowsChartThreeAndBandsARedScoreOfFiveOrMoreByItsTotal(int total, bool red, News2Band band) =>
        Assert.Equal(band, News2Scorer.Band(total, red));

    [Fact]
    public void Band_RealReadingsAcrossTheEdges_AgreeWithTheTotals()
    {
        Assert.Equal((4, News2Band.Low), Result(Normal(rr: 22, hr: 95, t: 38.5)));       // 2 + 1 + 1
        Assert.Equal((5, News2Band.Medium), Result(Normal(rr: 22, hr: 95, sbp: 105, t: 38.5)));
        Assert.Equal((6, News2Band.Medium), Result(Normal(rr: 22, hr: 115, sbp: 105, t: 38.5)));
        Assert.Equal((7, News2Band.High), Result(Normal(rr: 22, hr: 115, sbp: 100, t: 38.5)));
        Assert.Equal((3, News2Band.LowMedium), Result(Normal(acvpu: Consciousness.C)));

        static (int, News2Band) Result(VitalReading reading)
        {
            var score = News2Scorer.Score(reading);
            return (score.Total, score.Band);
        }
    }

    [Fact]
    public void Score_ProbeOff_ListsTheMissingVitalsAndIsIncomplete()
    {
        var score = News2Scorer.Score(Normal(spo2: null, hr: null));

        Assert.False(score.IsComplete);
        Assert.Equal([News2Scorer.Spo2, News2Scorer.HeartRate], score.Missing);
        Assert.Equal(5, score.Parameters.Count);
    }

    [Theory]
    [InlineData(0, 98, 80, 37.0, News2Scorer.RespirationRate)]
    [InlineData(16, 104, 80, 37.0, News2Scorer.Spo2)]
    [InlineData(16, 98, 420, 37.0, News2Scorer.HeartRate)]
    [InlineData(16, 98, 80, 12.0, News2Scorer.Temperature)]
    [InlineData(16, 98, 1e300, 37.0, News2Scorer.HeartRate)]
    public void Score_ImpossibleValue_IsListedNotScored(double rr, double spo2, double hr, double t, string parameter)
    {
        var score = News2Scorer.Score(Normal(rr: rr, spo2: spo2, hr: hr, t: t));

        Assert.Equal([parameter], score.Implausible);
        Assert.False(score.IsComplete);
        Assert.DoesNotContain(score.Parameters, p => p.Name == parameter);
    }

    [Fact]
    public void Score_Scale2AtNinetyThreeWithoutKnowingTheOxygen_CannotScoreTheSaturation()
    {
        var score = News2Scorer.Score(Normal(spo2: 94, scale: 2, oxygen: null));

        Assert.Equal([News2Scorer.AirOrOxygen], score.Missing);
        Assert.DoesNotContain(score.Parameters, p => p.Name == News2Scorer.Spo2);
    }
}
