using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErPipeline.Tests.Alerts;

public sealed class AlertEngineTests : AlertTest
{
    [Fact]
    public async Task Process_OneMediumReading_WaitsForASecondBeforePaging()
    {
        Assert.Empty(await At(0, Medium));

        var raised = Assert.Single(await At(1, Medium));

        Assert.Equal((AlertKind.Clinical, AlertEvent.Raised, News2Band.Medium, (News2Band?)null), (raised.Kind, raised.Event, raised.Band, raised.PreviousBand));
        Assert.Equal((Patient, 5, false), (raised.PatientId, raised.News2, raised.RedScore));
        Assert.Equal(ClinicalResponse.UrgentResponse, raised.Response);
        Assert.Equal((Start.AddMinutes(1), Start.AddMinutes(1), Start.AddMinutes(1)), (raised.ObservedAt, raised.RaisedAt, raised.SentAt));
        Assert.Equal(3, raised.Parameters.Count);
    }

    [Fact]
    public async Task Process_PersistenceOfThree_PagesOnTheThirdReading()
    {
        Options.PersistenceReadings = 3;

        Assert.Empty(await At(0, Medium));
        Assert.Empty(await At(1, Medium));
        Assert.Single(await At(2, Medium));
    }

    [Fact]
    public async Task Process_AFlappingPatient_PagesOnce()
    {
        for (var minute = 0; minute < 60; minute += 2)
        {
            await At(minute, Medium);
            await At(minute + 1, minute % 4 == 0 ? Medium : Low);   // Medium, Medium, Medium, Low, Medium, Medium, Medium, Low, ...
        }

        var raised = Assert.Single(Sent);
        Assert.Equal((AlertEvent.Raised, News2Band.Medium), (raised.Event, raised.Band));
    }

    [Fact]
    public async Task Process_AlternatingMediumAndLow_NeverPersistsSoNeverPages()
    {
        for (var minute = 0; minute < 30; minute += 2)
        {
            await At(minute, Medium);
            await At(minute + 1, Low);
        }

        Assert.Empty(Sent);
    }

    [Fact]
    public async Task Process_MediumThenHigh_PagesAgainNamingThePreviousBand()
    {
        var medium = Assert.Single(await Every(0, 1, Medium));
        Assert.Empty(await At(2, High));

        var high = Assert.Single(await At(3, High));

        Assert.Equal((AlertEvent.Raised, News2Band.High, (News2Band?)News2Band.Medium, 8), (high.Event, high.Band, high.PreviousBand, high.News2));
        Assert.Equal(medium.AlertId, high.AlertId);
        Assert.Equal(medium.RaisedAt, high.RaisedAt);
        Assert.NotEqual(medium.DedupeKey, high.DedupeKey);
        Assert.Equal(ClinicalResponse.EmergencyResponse, high.Response);
        Assert.Empty(await Every(4, 30, High));   // open at High: updates, no pages
    }

    [Fact]
    public async Task Process_HighThenMedium_IsNotPagedButStepsTheAlertDown()
    {
        await Every(0, 1, High);

        Assert.Empty(await Every(2, 30, Medium));   // improvement: logged, not paged

        var state = (await Store.GetAsync(Patient, default))!.State;
        Assert.Equal(News2Band.Medium, state.Clinical!.Band);
        Assert.Equal(News2Band.High, state.Clinical.PeakBand);
        var again = Assert.Single(await Every(31, 32, High));   // worse again after stepping down: a new page
        Assert.Equal((News2Band.High, (News2Band?)News2Band.Medium), (again.Band, again.PreviousBand));
    }

    [Fact]
    public async Task Process_Recovery_ClearsOnlyAfterTheCoolingPeriod()
    {
        var raised = Assert.Single(await Every(0, 1, Medium));

        Assert.Empty(await Every(2, 16, Low));                  // below since minute 2: 14 minutes so far
        var cleared = Assert.Single(await At(17, Low));         // 15 minutes below the band

        Assert.Equal((AlertEvent.Cleared, News2Band.Low, (News2Band?)News2Band.Medium), (cleared.Event, cleared.Band, cleared.PreviousBand));
        Assert.Equal(raised.AlertId, cleared.AlertId);
        Assert.Equal((Start.AddMinutes(17), raised.RaisedAt), (cleared.SentAt, cleared.RaisedAt));
        Assert.Equal(ClinicalResponse.NurseAssesses, cleared.Response);
        var state = (await Store.GetAsync(Patient, default))!.State;
        Assert.Null(state.Clinical);
        var closed = Assert.Single(state.Closed);
        Assert.Equal((Start.AddMinutes(1), (DateTimeOffset?)Start.AddMinutes(17)), (closed.RaisedAt, closed.ClearedAt));
    }

    [Fact]
    public async Task Process_OneBadReadingDuringCooling_StartsTheCoolingAgain()
    {
        await Every(0, 1, Medium);
        await Every(2, 12, Low);
        await At(13, Medium);                                   // not below the band: cooling starts over

        Assert.Empty(await Every(14, 28, Low));                 // below since 14: 14 minutes at 28
        Assert.Equal(AlertEvent.Cleared, Assert.Single(await At(29, Low)).Event);
    }

    [Fact]
    public async Task Process_HighRecoveringThroughMedium_ClearsOnlyWhenBelowEveryBandLongEnough()
    {
        await Every(0, 1, High);
        await Every(2, 11, Medium);

        Assert.Empty(await Every(12, 26, Low));                 // below High since 2 (cooled at 17), below Medium only since 12
        Assert.Equal(AlertEvent.Cleared, Assert.Single(await At(27, Low)).Event);
    }

    [Fact]
    public async Task Process_AfterClearing_ANewEpisodeIsANewAlert()
    {
        var first = Assert.Single(await Every(0, 1, Medium));
        await Every(2, 17, Low);

        var second = Assert.Single(await Every(18, 19, Medium));

        Assert.NotEqual(first.AlertId, second.AlertId);
        Assert.Null(second.PreviousBand);
    }

    [Fact]
    public async Task Process_ASingleRedParameter_PagesAtOnce()
    {
        var raised = Assert.Single(await At(0, LowMedium));

        Assert.Equal((News2Band.LowMedium, (bool?)true, 3), (raised.Band, raised.RedScore, raised.News2));
        Assert.Equal(ClinicalResponse.UrgentWardReview, raised.Response);
        Assert.Contains(raised.Parameters, p => p is { Name: "respirationRate", Points: 3 });
    }

    [Theory]
    [InlineData("spo2")]
    [InlineData("heartRate")]
    public async Task Process_ARedOnlyInAFingerProbeParameter_WaitsForPersistenceLikeAnArtefact(string parameter)
    {
        Assert.Empty(await At(0, RedOnlyIn(parameter)));
        Assert.Empty(await At(1, Low));                              // the motion spike is gone: nobody paged
        Assert.Empty(await At(2, RedOnlyIn(parameter)));
        Assert.Equal(News2Band.LowMedium, Assert.Single(await At(3, RedOnlyIn(parameter))).Band);   // persisted: pages
    }

    [Fact]
    public async Task Process_ARedInAProbeParameterWithNoArtefactProneParameters_PagesAtOnce()
    {
        Options.ArtefactProneParameters = "";

        Assert.Equal(News2Band.LowMedium, Assert.Single(await At(0, RedOnlyIn("heartRate"))).Band);
    }

    [Fact]
    public async Task Process_ARedParameterWithPageOnRedScoreOff_WaitsForPersistence()
    {
        Options.PageOnRedScore = false;

        Assert.Empty(await At(0, LowMedium));
        Assert.Equal(News2Band.LowMedium, Assert.Single(await At(1, LowMedium)).Band);
    }

    [Fact]
    public async Task Process_ARedScoreWithAHighTotal_PagesHighAtOnce()
    {
        var raised = Assert.Single(await At(0, Score(9, red: true)));

        Assert.Equal(News2Band.High, raised.Band);
    }

    [Fact]
    public async Task Process_TheSameReadingTwice_YieldsNothingTheSecondTime()
    {
        await At(0, Medium);
        Assert.Single(await At(1, Medium));

        Assert.Empty(await At(1, Medium));
        Assert.Single(Sent);
    }

    [Fact]
    public async Task Process_AnOlderReadingArrivingLate_IsIgnored()
    {
        await At(0, Low);
        await At(5, Medium);

        Assert.Empty(await At(3, Medium));                       // out of order: would have made two Medium in a row
        Assert.Empty(await At(4, Score(9, red: true)));          // even a red score: the patient has moved on since
        Assert.Empty(Sent);
        Assert.Equal(Start.AddMinutes(5), (await Store.GetAsync(Patient, default))!.State.LastObservedAt);
    }

    [Fact]
    public async Task Process_AReadingOlderThanTheMaximumAge_IsIgnored()
    {
        Clock.SetUtcNow(Start.AddMinutes(61));

        Assert.Empty(await At(0, Score(9, red: true)));
        Assert.Null(await Store.GetAsync(Patient, default));
    }

    [Fact]
    public async Task Process_AReadingFromADeviceClockAhead_IsIgnoredAndDoesNotBlockLaterReadings()
    {
        var ahead = Reading(60);
        Clock.SetUtcNow(Start);

        Assert.Empty(await Engine.ProcessAsync(ahead, Medium, default));
        Assert.Empty(await At(0, Medium));
        Assert.Single(await At(1, Medium));
    }

    [Fact]
    public async Task Due_AnUnacknowledgedHigh_RemindsThenEscalatesThenGoesOn()
    {
        var raised = Assert.Single(await Every(0, 1, High));   // raised at minute 1

        Assert.Empty(await DueAt(5.9));
        var first = Assert.Single(await DueAt(6));
        var second = Assert.Single(await DueAt(11));
        var escalated = Assert.Single(await DueAt(16));
        var fourth = Assert.Single(await DueAt(21));

        Assert.Equal([AlertEvent.Reminder, AlertEvent.Reminder, AlertEvent.Escalated, AlertEvent.Reminder], [first.Event, second.Event, escalated.Event, fourth.Event]);
        Assert.All(new[] { first, second, escalated, fourth }, m => Assert.Equal((raised.AlertId, News2Band.High, raised.RaisedAt), (m.AlertId, m.Band!.Value, m.RaisedAt)));
        Assert.Equal(Start.AddMinutes(16), escalated.SentAt);
        Assert.Equal(5, Sent.Select(m => m.DedupeKey).Distinct().Count());
        var state = (await Store.GetAsync(Patient, default))!.State;
        Assert.Equal((Start.AddMinutes(16), 1), (state.Clinical!.FirstEscalatedAt, state.Clinical.Escalations));
    }

    [Fact]
    public async Task Due_ALateTimer_SendsOneReminderNotTheOnesItMissed()
    {
        await Every(0, 1, High);

        Assert.Single(await DueAt(30));
        Assert.Empty(await DueAt(34));
        Assert.Single(await DueAt(35));
    }

    [Fact]
    public async Task Due_AnUnacknowledgedMedium_RemindsEveryFifteenMinutes()
    {
        await Every(0, 1, Medium);

        Assert.Empty(await DueAt(15));
        Assert.Equal(AlertEvent.Reminder, Assert.Single(await DueAt(16)).Event);
        Assert.Empty(await DueAt(30));
        Assert.Equal(AlertEvent.Reminder, Assert.Single(await DueAt(31)).Event);
        Assert.Equal(AlertEvent.Escalated, Assert.Single(await DueAt(46)).Event);
    }

    [Fact]
    public async Task Due_WithRemindersOffForTheBand_SendsNothing()
    {
        Options.LowMediumReminderMinutes = 0;
        await At(0, LowMedium);

        Assert.Empty(await DueAt(600));
        Assert.Null((await Store.GetAsync(Patient, default))!.State.NextDueAt);
    }

    [Fact]
    public async Task Acknowledge_StopsRemindersAndEscalation()
    {
        var raised = Assert.Single(await Every(0, 1, High));
        Assert.Single(await DueAt(6));
        Clock.SetUtcNow(Start.AddMinutes(8));

        var acknowledged = Assert.Single(await Engine.AcknowledgeAsync(Patient, raised.AlertId, "dr.okafor", default));

        Assert.Equal((Start.AddMinutes(8), "dr.okafor"), (acknowledged.AcknowledgedAt, acknowledged.AcknowledgedBy));
        Assert.Empty(await DueAt(120));
        Assert.Empty(await Every(121, 140, High));                // still High, still open: no pages
        var state = (await Store.GetAsync(Patient, default))!.State;
        Assert.Equal(Start.AddMinutes(8), state.Clinical!.FirstAcknowledgedAt);
    }

    [Fact]
    public async Task Acknowledge_ThenWorsening_PagesAndAsksForANewAcknowledgement()
    {
        await Every(0, 1, Medium);
        Clock.SetUtcNow(Start.AddMinutes(3));
        await Engine.AcknowledgeAsync(Patient, alertId: null, "nurse.lee", default);

        Assert.Single(await Every(4, 5, High));

        Assert.Equal(AlertEvent.Reminder, Assert.Single(await DueAt(10)).Event);
    }

    [Fact]
    public async Task Acknowledge_AnAlertThatIsNotOpen_AcknowledgesNothing()
    {
        await Every(0, 1, Medium);

        Assert.Empty(await Engine.AcknowledgeAsync(Patient, "P00001:clinical:0", "dr.okafor", default));
        Assert.Empty(await Engine.AcknowledgeAsync("P09999", alertId: null, "dr.okafor", default));
        Assert.Single(await DueAt(16));                              // still unacknowledged
    }

    [Fact]
    public async Task Process_ADroppedProbe_RaisesATechnicalAlertNotAClinicalOne()
    {
        await At(0, Low);
        Assert.Empty(await At(1, Incomplete(partialTotal: 8)));      // a dropout
        Assert.Empty(await At(2, Incomplete(partialTotal: 8)));

        var technical = Assert.Single(await At(3, Incomplete(partialTotal: 8)));

        Assert.Equal((AlertKind.Technical, AlertEvent.Raised), (technical.Kind, technical.Event));
        Assert.Equal(["spo2"], technical.Missing);
        Assert.Null(technical.Band);
        Assert.Null(technical.News2);
        Assert.Contains("missing spo2", technical.Response);
        Assert.Empty(await Every(4, 30, Incomplete(partialTotal: 8))); // one technical alert while the fault lasts
        Assert.DoesNotContain(Sent, m => m.Kind == AlertKind.Clinical);
    }

    [Fact]
    public async Task Process_AProbeBack_ClearsTheTechnicalAlertAfterItsCoolingPeriod()
    {
        var raised = Assert.Single(await Every(0, 2, Incomplete()));

        Assert.Empty(await Every(3, 7, Low));                      // complete since 3: 4 minutes at 7
        var cleared = Assert.Single(await At(8, Low));

        Assert.Equal((AlertKind.Technical, AlertEvent.Cleared, raised.AlertId), (cleared.Kind, cleared.Event, cleared.AlertId));
        Assert.Equal(ClinicalResponse.MonitoringRestored, cleared.Response);
        Assert.Empty(cleared.Missing);
    }

    [Fact]
    public async Task Process_ASingleDropout_PagesNobody()
    {
        await At(0, Low);
        await At(1, Incomplete());
        await Every(2, 30, Low);

        Assert.Empty(Sent);
    }

    [Fact]
    public async Task Process_IncompleteReadings_NeitherClearNorRepageAnOpenClinicalAlert()
    {
        var raised = Assert.Single(await Every(0, 1, Medium));

        var duringDropout = await Every(2, 40, Incomplete(partialTotal: 0));   // looks Low, but is not a full score

        var technical = Assert.Single(duringDropout);
        Assert.Equal(AlertKind.Technical, technical.Kind);
        var state = (await Store.GetAsync(Patient, default))!.State;
        Assert.Equal(raised.AlertId, state.Clinical!.AlertId);
        var probeBack = await Every(41, 55, Low);                 // cooling counts complete readings only: 14 minutes
        var technicalCleared = Assert.Single(probeBack);
        Assert.Equal((AlertKind.Technical, AlertEvent.Cleared), (technicalCleared.Kind, technicalCleared.Event));
        Assert.Contains(await At(56, Low), m => m is { Kind: AlertKind.Clinical, Event: AlertEvent.Cleared });
    }

    [Fact]
    public async Task Process_AnIncompleteReadingAlreadyAtTheBand_InterruptsCooling()
    {
        await Every(0, 1, Medium);
        await Every(2, 10, Low);

        await At(11, Incomplete(partialTotal: 6));                 // partial 6: the full score is at least Medium

        Assert.Empty(await Every(12, 26, Low));
        Assert.Equal(AlertEvent.Cleared, Assert.Single(await At(27, Low)).Event);
    }

    [Fact]
    public async Task Process_TechnicalAndClinicalAlerts_HaveTheirOwnIdsAndDedupeKeys()
    {
        await Every(0, 1, Medium);
        await Every(2, 4, Incomplete());

        var ids = Sent.Select(m => (m.Kind, m.AlertId)).Distinct().ToList();

        Assert.Equal(2, ids.Count);
        Assert.Equal(2, Sent.Select(m => m.DedupeKey).Distinct().Count());
    }

    [Fact]
    public async Task Process_ManyPatients_KeepApartStates()
    {
        await ProcessAsync(Reading(0, "P00001"), Medium);
        await ProcessAsync(Reading(1, "P00002"), Medium);
        await ProcessAsync(Reading(2, "P00001"), Low);

        var raised = Assert.Single(await ProcessAsync(Reading(3, "P00002"), Medium));

        Assert.Equal("P00002", raised.PatientId);
        Assert.Single(Sent);
    }
}
