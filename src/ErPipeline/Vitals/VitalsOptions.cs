using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Vitals;

/// <summary>Settings of the vitals stream (section <c>Vitals</c>).</summary>
public sealed class VitalsOptions
{
    public const string Section = "Vitals";

    /// <summary>Where alerts go without storage: a JSONL file (<c>Vitals__AlertsPath</c>). With <c>ErStorage</c> they go to the queue er-alerts.</summary>
    [Required]
    public string AlertsPath { get; set; } = Path.Combine(".er", "alerts.jsonl");

    /// <summary>Where events that cannot be processed are kept without storage (<c>Vitals__DeadLetterPath</c>); with storage, container er-deadletter.</summary>
    [Required]
    public string DeadLetterPath { get; set; } = Path.Combine(".er", "deadletter");

    /// <summary>Patients on simulated monitors (<c>Vitals__SimulatedPatients</c>): <c>er up</c> and the <c>GenerateVitals</c> function.</summary>
    [Range(0, 100_000)]
    public int SimulatedPatients { get; set; } = 20;

    /// <summary>How many times faster than real time <c>er up</c> plays the simulation (<c>Vitals__SimulationSpeed</c>; 60 = a simulated minute per second).</summary>
    [Range(0.01, 10_000)]
    public double SimulationSpeed { get; set; } = 60;

    /// <summary>Seed of the simulation (<c>Vitals__Seed</c>).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>How often reminders and escalations are looked for, in seconds (<c>Vitals__ReminderCheckSeconds</c>).</summary>
    [Range(1, 3600)]
    public int ReminderCheckSeconds { get; set; } = 30;
}
