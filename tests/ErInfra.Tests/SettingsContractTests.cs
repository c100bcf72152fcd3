using System.Reflection;
using System.Text;
using System.Text.Json;
using ErFunctions;
using ErPipeline.Azure;
using ErPipeline.Azure.Storage;
using ErPipeline.Azure.Vitals;
using ErPipeline.Warehouse;
using ErTests.Support;

namespace ErInfra.Tests;

/// <summary>
/// Setting names are one contract: every app setting the Bicep writes is read by the code (or the Functions host)
/// and listed in local.settings.sample.json; every name in the sample is read; every option is in the sample.
/// </summary>
public sealed class SettingsContractTests
{
    /// <summary>
    /// Settings read by the Functions host or by our connection code rather than bound to an options class.
    /// </summary>
    private static readonly string[] ConnectionAndHostSettings =
    [
        // The host: worker runtime (locally; Flex Consumption takes it from functionAppConfig) and its own storage.
        "FUNCTIONS_WORKER_RUNTIME",
        "AzureWebJobsStorage",
        .. IdentityConnection("AzureWebJobsStorage", "blobServiceUri", "queueServiceUri", "tableServiceUri"),
        // The host and the worker send telemetry with these.
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        // Timer schedules the host resolves as %Name% (flat names on purpose, see GenerateVitals.ScheduleSetting).
        GenerateVitals.ScheduleSetting,
        SendAlertReminders.ScheduleSetting,
        // ErStorage: the blob trigger (host) and StorageClients, QueueAlertSink, AlertStateRegistration (ours).
        StorageClients.ConnectionName,
        .. IdentityConnection(StorageClients.ConnectionName, "blobServiceUri", "queueServiceUri", "tableServiceUri"),
        // ErEventHubs: the Event Hubs trigger (host) and EventHubVitalsPublisher (ours).
        EventHubVitalsPublisher.ConnectionName,
        .. IdentityConnection(EventHubVitalsPublisher.ConnectionName, "fullyQualifiedNamespace"),
    ];

    [Fact]
    public void OptionsReflection_FindsTheSectionsOfThePipeline()
    {
        var sections = OptionsClasses().Select(o => o.Section).ToList();

        Assert.Subset(new HashSet<string>(sections), new HashSet<string> { "Warehouse", "Ingestion", "Kpis", "Alerts", "Vitals", "Access" });
    }

    [Fact]
    public void SampleSettings_HaveNoDuplicateNames()
    {
        var names = SampleNames();

        var duplicates = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "local.settings.sample.json sets more than once: " + string.Join(", ", duplicates));
    }

    [Fact]
    public async Task EveryAppSettingTheBicepWrites_IsReadByTheCodeOrTheHost()
    {
        var written = (await Bicep.MainAsync()).Compiled.AppSettings().Keys;

        var unread = written.Where(name => !IsRead(name)).ToList();
        Assert.True(unread.Count == 0, "The Bicep writes settings nothing reads: " + string.Join(", ", unread));
    }

    [Fact]
    public async Task EveryAppSettingTheBicepWrites_IsListedInTheLocalSettingsSample()
    {
        var written = (await Bicep.MainAsync()).Compiled.AppSettings().Keys;
        var sample = SampleNames().ToHashSet(StringComparer.Ordinal);

        var missing = written.Where(name => !sample.Contains(name)).ToList();
        Assert.True(missing.Count == 0, "local.settings.sample.json lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void EverySampleSetting_IsReadByTheCodeOrTheHost()
    {
        var unread = SampleNames().Where(name => !IsRead(name)).ToList();

        Assert.True(unread.Count == 0, "local.settings.sample.json sets settings nothing reads: " + string.Join(", ", unread));
    }

    [Fact]
    public void EveryOption_IsListedInTheLocalSettingsSample()
    {
        var sample = SampleNames();

        var missing = OptionsClasses()
            .SelectMany(o => o.Settings)
            .Where(setting => !sample.Any(name => setting.IsPrefix
                ? name.StartsWith(setting.Name, StringComparison.Ordinal)
                : name == setting.Name))
            .Select(setting => setting.IsPrefix ? setting.Name + "<key>" : setting.Name)
            .ToList();
        Assert.True(missing.Count == 0, "local.settings.sample.json lacks options: " + string.Join(", ", missing));
    }

    private static bool IsRead(string name)
    {
        var options = OptionsClasses();
        return ConnectionAndHostSettings.Contains(name, StringComparer.Ordinal)
            || options.SelectMany(o => o.Settings).Any(s => s.IsPrefix ? name.StartsWith(s.Name, StringComparison.Ordinal) && name.Length > s.Name.Length : name == s.Name);
    }

    private static IEnumerable<string> IdentityConnection(string connection, params string[] endpoints) =>
        [.. endpoints.Select(e => $"{connection}__{e}"), $"{connection}__credential", $"{connection}__clientId"];

    /// <summary>
    /// Options classes (a <c>public const string Section</c>) of the pipeline, the Azure adapters and the app, with the
    /// settings their public properties bind: <c>Section__Property</c>, or a prefix for dictionaries and nested objects.
    /// </summary>
    private static List<OptionsClass> OptionsClasses() =>
        [.. new[] { typeof(WarehouseOptions).Assembly, typeof(ConnectionCredential).Assembly, typeof(GenerateVitals).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (type: t, field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.field is { IsLiteral: true } && t.field.FieldType == typeof(string))
            .Select(t => new OptionsClass((string)t.field!.GetRawConstantValue()!, Settings(t.type, (string)t.field.GetRawConstantValue()!)))];

    private static List<OptionSetting> Settings(Type type, string section) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .Select(p => IsScalar(p.PropertyType)
                ? new OptionSetting($"{section}__{p.Name}", IsPrefix: false)
                : new OptionSetting($"{section}__{p.Name}__", IsPrefix: true))];

    private static bool IsScalar(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(Uri) || underlying == typeof(DateTimeOffset);
    }

    /// <summary>The names under <c>Values</c> in local.settings.sample.json, in order and with any repeats (a JsonDocument would drop them).</summary>
    private static List<string> SampleNames()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Of("local.settings.sample.json"));
        var reader = new Utf8JsonReader(bytes);
        var names = new List<string>();
        var inValues = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.GetString() == "Values")
            {
                inValues = true;
            }
            else if (inValues && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 2)
            {
                names.Add(reader.GetString()!);
            }
            else if (inValues && reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
            {
                inValues = false;
            }
        }

        Assert.NotEmpty(names);
        return names;
    }

    private sealed record OptionsClass(string Section, List<OptionSetting> Settings);

    private sealed record OptionSetting(string Name, bool IsPrefix);
}
