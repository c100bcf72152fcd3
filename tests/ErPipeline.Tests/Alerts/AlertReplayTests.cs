using ErPipeline.Alerts;

namespace ErPipeline.Tests.Alerts;

public sealed class AlertReplayTests : AlertTest
{
    [Fact]
    public async Task Replay_AGapBetweenReadings_FiresRemindersWhenTheyFallDueAsTheTimerWould()
    {
        var replay = new AlertReplay(Options);
        await replay.ProcessAsync(Reading(0), High, default);
        var raised = Assert.Single(await replay.ProcessAsync(Reading(1), High, default));

        var beforeNext = await replay.ProcessAsync(Reading(20), High, default);

        Assert.Equal(
            [(AlertEvent.Reminder, Start.AddMinutes(6)), (AlertEvent.Reminder, Start.AddMinutes(11)), (AlertEvent.Escalated, Start.AddMinutes(16))],
            beforeNext.Select(m => (m.Event, m.SentAt)));
        Assert.All(beforeNext, m => Assert.Equal(raised.AlertId, m.AlertId));
    }

    [Fact]
    public async Task Replay_TwoPatients_RemindsEachInTimeOrder()
    {
        var replay = new AlertReplay(Options);
        await replay.ProcessAsync(Reading(0, "P1"), High, default);
        await replay.ProcessAsync(Reading(1, "P1"), High, default);   // High raised at 1: due 6, 11, 16
        await replay.ProcessAsync(Reading(2, "P2"), Medium, default);
        await replay.ProcessAsync(Reading(3, "P2"), Medium, default); // Medium raised at 3: due 18

        var sent = await replay.ProcessAsync(Reading(19, "P3"), Low, default);

        Assert.Equal(
            [("P1", Start.AddMinutes(6)), ("P1", Start.AddMinutes(11)), ("P1", Start.AddMinutes(16)), ("P2", Start.AddMinutes(18))],
            sent.Select(m => (m.PatientId, m.SentAt)));
    }

    [Fact]
    public async Task Replay_AReadingOutOfOrder_IsIgnoredAndDoesNotMoveTheClockBack()
    {
        var replay = new AlertReplay(Options);
        await replay.ProcessAsync(Reading(0), Medium, default);
        await replay.ProcessAsync(Reading(10), Low, default);

        Assert.Empty(await replay.ProcessAsync(Reading(5), Medium, default));
        Assert.Empty(await replay.ProcessAsync(Reading(11), Medium, default));   // Medium, Low, Medium: no page
    }
}
