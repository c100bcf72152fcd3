using System.Text.Json;
using System.Text.RegularExpressions;
using ErPipeline.Azure.Alerts;
using ErPipeline.Azure.Storage;
using ErPipeline.Azure.Vitals;
using ErPipeline.Ingestion;
using ErTests.Support;

namespace ErInfra.Tests;

/// <summary>What infra/main.bicep deploys, read from the compiled ARM JSON.</summary>
public sealed partial class TemplateTests
{
    [Theory]
    [InlineData("Microsoft.Resources/resourceGroups")]
    [InlineData("Microsoft.ManagedIdentity/userAssignedIdentities")]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices/queues")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices/tables")]
    [InlineData("Microsoft.EventHub/namespaces")]
    [InlineData("Microsoft.EventHub/namespaces/eventhubs")]
    [InlineData("Microsoft.EventHub/namespaces/eventhubs/consumergroups")]
    [InlineData("Microsoft.Web/serverfarms")]
    [InlineData("Microsoft.Web/sites")]
    [InlineData("Microsoft.Web/sites/config")]
    [InlineData("Microsoft.EventGrid/systemTopics")]
    [InlineData("Microsoft.OperationalInsights/workspaces")]
    [InlineData("Microsoft.Insights/components")]
    [InlineData("Microsoft.Insights/diagnosticSettings")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.Authorization/roleAssignments")]
    public async Task Template_DeploysResourceType(string type)
    {
        var template = (await Bicep.MainAsync()).Compiled;

        Assert.NotEmpty(template.OfType(type));
    }

    [Fact]
    public async Task StorageAccount_RefusesSharedKeysPublicBlobsPlainHttpAndOldTls()
    {
        var storage = (await Bicep.MainAsync()).Compiled.One("Microsoft.Storage/storageAccounts");

        Assert.False(storage.At("properties.allowSharedKeyAccess").GetBoolean());
        Assert.False(storage.At("properties.allowBlobPublicAccess").GetBoolean());
        Assert.True(storage.At("properties.supportsHttpsTrafficOnly").GetBoolean());
        Assert.Equal("TLS1_2", storage.At("properties.minimumTlsVersion").GetString());
    }

    [Fact]
    public async Task Storage_HasTheContainersQueuesAndTableTheCodeUses()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        string[] Names(string type) => [.. template.OfType(type).SelectMany(r => r.LiteralNames())];

        var containers = Names("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Contains(BlobContainers.Uploads, containers);
        Assert.Contains(BlobContainers.Quarantine, containers);
        Assert.Contains(BlobDeadLetterStore.ContainerName, containers);
        Assert.Contains("er-curated", containers);   // Snowflake's external stage reads the cleaned files there
        Assert.Equal(5, template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Sum(CopyCount));

        var queues = Names("Microsoft.Storage/storageAccounts/queueServices/queues");
        Assert.Contains(QueueAlertSink.QueueName, queues);
        Assert.Contains("webjobs-blobtrigger-poison", queues);

        Assert.Equal([TableAlertStateStore.TableName], Names("Microsoft.Storage/storageAccounts/tableServices/tables"));
    }

    [Fact]
    public async Task FunctionApp_RunsOnFlexConsumption_DotnetIsolated10_DeployedFromBlobWithItsIdentity()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        var plan = template.One("Microsoft.Web/serverfarms");
        var app = template.One("Microsoft.Web/sites");

        Assert.Equal("FC1", plan.At("sku.name").GetString());
        Assert.Equal("FlexConsumption", plan.At("sku.tier").GetString());
        Assert.True(plan.At("properties.reserved").GetBoolean());
        Assert.Equal("functionapp,linux", app.At("kind").GetString());
        Assert.Equal("UserAssigned", app.At("identity.type").GetString());
        Assert.Equal("dotnet-isolated", app.At("properties.functionAppConfig.runtime.name").GetString());
        Assert.Equal("10.0", app.At("properties.functionAppConfig.runtime.version").GetString());
        Assert.Equal("blobContainer", app.At("properties.functionAppConfig.deployment.storage.type").GetString());
        Assert.Equal("UserAssignedIdentity", app.At("properties.functionAppConfig.deployment.storage.authentication.type").GetString());
        Assert.Contains("parameters('identityId')", app.At("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId").GetString(), StringComparison.Ordinal);
        Assert.Contains("parameters('instanceMemoryMB')", app.At("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB").GetString(), StringComparison.Ordinal);
        Assert.Contains("parameters('maximumInstanceCount')", app.At("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount").GetString(), StringComparison.Ordinal);

        var parameters = template.Parameters();
        Assert.Equal(2048, parameters["instanceMemoryMB"].GetProperty("defaultValue").GetInt32());
        Assert.Equal(100, parameters["maximumInstanceCount"].GetProperty("defaultValue").GetInt32());
        Assert.True(parameters.ContainsKey("eventHubPartitionCount"));
        Assert.True(parameters.ContainsKey("eventHubRetentionDays"));
    }

    [Fact]
    public async Task FunctionApp_IsHttpsOnly_WithTls12_AndNoFtpOrBasicPublishing()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        var app = template.One("Microsoft.Web/sites");

        Assert.True(app.At("properties.httpsOnly").GetBoolean());
        Assert.Equal("1.2", app.At("properties.siteConfig.minTlsVersion").GetString());
        Assert.Equal("Disabled", app.At("properties.siteConfig.ftpsState").GetString());
        var basicAuth = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(["ftp", "scm"], basicAuth.SelectMany(p => p.LiteralNames()).Order());
        Assert.All(basicAuth, p => Assert.False(p.At("properties.allow").GetBoolean()));
    }

    [Fact]
    public async Task FunctionApp_IsTaggedWithTheServiceNameOfAzureYaml()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        var app = template.One("Microsoft.Web/sites");
        var azureYaml = await File.ReadAllTextAsync(RepositoryPaths.Of("azure.yaml"));
        var service = AzureYamlService().Match(azureYaml);

        Assert.True(service.Success, "azure.yaml has no service with project, language and host.");
        Assert.Equal("./src/ErFunctions", service.Groups["project"].Value);
        Assert.Equal("dotnet", service.Groups["language"].Value);
        Assert.Equal("function", service.Groups["host"].Value);
        Assert.Contains("'azd-service-name'", app.At("tags").GetString(), StringComparison.Ordinal);
        var functionModule = template.OfType("Microsoft.Resources/deployments").Single(d => d.Name == "functionapp");
        Assert.Equal(service.Groups["name"].Value, functionModule.At("properties.parameters.serviceName.value").GetString());
    }

    [Fact]
    public async Task AppSettings_HoldNoConnectionStringOrKey()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        var settings = template.AppSettings();

        // A plain connection name (ErStorage, AzureWebJobsStorage) would be read as a connection string.
        Assert.DoesNotContain(settings.Keys, name => !name.Contains("__", StringComparison.Ordinal) && name.Contains("Storage", StringComparison.Ordinal));
        Assert.DoesNotContain("ErEventHubs", settings.Keys);
        foreach (var (name, value) in settings)
        {
            var text = value.ToString();
            Assert.DoesNotMatch(SecretPattern(), text);
            Assert.False(name.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) && name != "APPLICATIONINSIGHTS_CONNECTION_STRING",
                $"{name} looks like a connection string.");
        }

        // The one connection string left identifies the Application Insights component; with local authentication
        // off it grants nothing, and the app authenticates with its identity instead.
        Assert.True(template.One("Microsoft.Insights/components").At("properties.DisableLocalAuth").GetBoolean());
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].GetString());
        Assert.True(template.One("Microsoft.EventHub/namespaces").At("properties.disableLocalAuth").GetBoolean());
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "blobServiceUri,queueServiceUri,tableServiceUri")]
    [InlineData(StorageClients.ConnectionName, "blobServiceUri,queueServiceUri,tableServiceUri")]
    [InlineData(EventHubVitalsPublisher.ConnectionName, "fullyQualifiedNamespace")]
    public async Task AppSettings_ConnectWithTheUserAssignedIdentity(string connection, string endpoints)
    {
        var settings = (await Bicep.MainAsync()).Compiled.AppSettings();

        Assert.Equal("managedidentity", settings[$"{connection}__credential"].GetString());
        Assert.Equal("[parameters('identityClientId')]", settings[$"{connection}__clientId"].GetString());
        foreach (var endpoint in endpoints.Split(','))
        {
            Assert.StartsWith("[parameters('", settings[$"{connection}__{endpoint}"].GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    // Flex Consumption takes the runtime from functionAppConfig and refuses these settings.
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    // A connection-string form of the host storage; identity-based settings replace it.
    [InlineData("AzureWebJobsStorage")]
    public async Task AppSettings_LeaveOutWhatFlexConsumptionRefuses(string setting)
    {
        var settings = (await Bicep.MainAsync()).Compiled.AppSettings();

        Assert.DoesNotContain(setting, settings.Keys);
    }

    [Fact]
    public async Task SnowflakePrivateKey_IsAKeyVaultReferenceResolvedWithTheAppIdentity_AndNoSecretIsDeployed()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        var settings = template.AppSettings();

        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0}secrets/snowflake-private-key)', parameters('keyVaultUri'))]", settings["Snowflake__PrivateKey"].GetString());
        Assert.Equal("[parameters('identityId')]", template.One("Microsoft.Web/sites").At("properties.keyVaultReferenceIdentity").GetString());
        Assert.True(template.One("Microsoft.KeyVault/vaults").At("properties.enableRbacAuthorization").GetBoolean());
        Assert.Empty(template.OfType("Microsoft.KeyVault/vaults/secrets"));
        Assert.Equal("Snowflake", settings["Warehouse__Provider"].GetString());
    }

    [Theory]
    [InlineData("snowflakeUser", "ER_FUNCTION")]
    [InlineData("snowflakeRole", "ER_LOADER")]
    [InlineData("snowflakeWarehouse", "ER_WH")]
    [InlineData("snowflakeDatabase", "ER_DB")]
    [InlineData("snowflakeSchema", "ER")]
    [InlineData("snowflakeStage", "ER_CURATED_STAGE")]
    // Empty: <account>.snowflakecomputing.com, lower-cased.
    [InlineData("snowflakeHost", "")]
    public async Task SnowflakeParameters_DefaultToTheNamesOfTheSetupScripts(string parameter, string expected)
    {
        var parameters = (await Bicep.MainAsync()).Compiled.Parameters();

        Assert.Equal(expected, parameters[parameter].GetProperty("defaultValue").GetString());
    }

    [Fact]
    public async Task SnowflakeAccount_IsRequired()
    {
        var parameters = (await Bicep.MainAsync()).Compiled.Parameters();

        Assert.False(parameters["snowflakeAccount"].TryGetProperty("defaultValue", out _));
    }

    /// <summary>Built-in role definition ids (learn.microsoft.com, "Azure built-in roles").</summary>
    public static TheoryData<string, string> AppRoles => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3" },
        { "Azure Event Hubs Data Sender", "2b629674-e913-4c01-ae53-ef4638d8f975" },
        { "Azure Event Hubs Data Receiver", "a638d3c7-ab3a-418d-83e6-5f17a39d4fde" },
        { "Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb" },
    };

    /// <summary>Roles of the operator who runs azd: upload CSV files, put the Snowflake key into Key Vault.</summary>
    private static readonly Dictionary<string, string> OperatorRoles = new(StringComparer.Ordinal)
    {
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer",
    };

    [Theory]
    [MemberData(nameof(AppRoles))]
    public async Task AppIdentity_IsGrantedRole(string role, string roleDefinitionId)
    {
        var assignments = (await Bicep.MainAsync()).Compiled.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.At("properties.roleDefinitionId").GetString()!.Contains($"'{roleDefinitionId}'", StringComparison.Ordinal))
            .ToList();

        var assignment = Assert.Single(assignments);
        Assert.Equal(role, assignment.At("properties.description").GetString());
        Assert.Equal("[parameters('appPrincipalId')]", assignment.At("properties.principalId").GetString());
        Assert.Equal("ServicePrincipal", assignment.At("properties.principalType").GetString());
    }

    [Fact]
    public async Task RoleAssignments_GrantOnlyKnownRoles_UnderTheirOwnNames()
    {
        var known = AppRoles.Select(row => ((string)row[1], (string)row[0])).Concat(OperatorRoles.Select(p => (p.Key, p.Value)))
            .ToDictionary(p => p.Item1, p => p.Item2);
        var assignments = (await Bicep.MainAsync()).Compiled.OfType("Microsoft.Authorization/roleAssignments").ToList();

        Assert.Equal(known.Count, assignments.Count);
        foreach (var assignment in assignments)
        {
            var id = RoleDefinitionId().Match(assignment.At("properties.roleDefinitionId").GetString()!).Groups[1].Value;
            Assert.True(known.TryGetValue(id, out var role), $"Role definition {id} is not one the pipeline needs.");
            Assert.Equal(role, assignment.At("properties.description").GetString());
        }
    }

    [Fact]
    public async Task EventHubs_HasTheVitalsHubAndTheConsumerGroupOfScoreVitals()
    {
        var template = (await Bicep.MainAsync()).Compiled;
        // ScoreVitals is compiled only with EventHubsTrigger=true, so its consumer group is read from its source.
        var source = await File.ReadAllTextAsync(RepositoryPaths.Of("src/ErFunctions/ScoreVitals.cs"));
        var consumerGroup = ConsumerGroupConstant().Match(source).Groups[1].Value;

        Assert.Equal("Standard", template.One("Microsoft.EventHub/namespaces").At("sku.name").GetString());
        var hub = template.One("Microsoft.EventHub/namespaces/eventhubs");
        Assert.Equal([EventHubVitalsPublisher.HubName], hub.LiteralNames());
        Assert.Equal("[parameters('partitionCount')]", hub.At("properties.partitionCount").GetString());
        Assert.Equal("[parameters('messageRetentionInDays')]", hub.At("properties.messageRetentionInDays").GetString());
        Assert.Equal("scorevitals", consumerGroup);
        Assert.Equal([consumerGroup], template.One("Microsoft.EventHub/namespaces/eventhubs/consumergroups").LiteralNames());
    }

    [Fact]
    public async Task EventGridSystemTopic_IsOnTheStorageAccount()
    {
        var topic = (await Bicep.MainAsync()).Compiled.One("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", topic.At("properties.topicType").GetString());
        Assert.Equal("[parameters('storageAccountId')]", topic.At("properties.source").GetString());
    }

    [Fact]
    public async Task Logs_FlowToTheLogAnalyticsWorkspace()
    {
        var template = (await Bicep.MainAsync()).Compiled;

        Assert.Equal("[resourceId('Microsoft.OperationalInsights/workspaces', parameters('logAnalyticsName'))]",
            template.One("Microsoft.Insights/components").At("properties.WorkspaceResourceId").GetString());
        var diagnostics = template.One("Microsoft.Insights/diagnosticSettings");
        Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", diagnostics.At("properties.workspaceId").GetString());
        Assert.Contains(diagnostics.At("properties.logs").EnumerateArray(), l => l.GetProperty("category").GetString() == "FunctionAppLogs" && l.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Outputs_AreUpperSnake_AndIncludeWhatOperatorsAndHooksNeed()
    {
        var outputs = (await Bicep.MainAsync()).Compiled.Root.GetProperty("outputs").EnumerateObject().Select(o => o.Name).ToList();
        var hooks = Directory.GetFiles(RepositoryPaths.Of("infra/hooks"), "postdeploy.*");
        var readByHooks = hooks.SelectMany(h => HookVariable().Matches(File.ReadAllText(h)).Select(m => m.Value)).Distinct().ToList();

        Assert.All(outputs, name => Assert.Matches("^[A-Z][A-Z0-9_]*$", name));
        Assert.Contains("AZURE_FUNCTION_APP_NAME", outputs);
        Assert.Contains("AZURE_STORAGE_ACCOUNT_NAME", outputs);
        Assert.Contains("AZURE_EVENTHUBS_NAMESPACE", outputs);
        Assert.Contains("ER_KPI_URL", outputs);
        Assert.NotEmpty(readByHooks);
        Assert.All(readByHooks, name => Assert.Contains(name, outputs));
    }

    [Fact]
    public async Task ParametersFile_GivesEveryRequiredParameter_AndOnlyRealOnes()
    {
        var parameters = (await Bicep.MainAsync()).Compiled.Parameters();
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.Of("infra/main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, name => Assert.True(parameters.ContainsKey(name), $"main.parameters.json sets {name}, which main.bicep does not declare."));
        var required = parameters.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Key);
        Assert.All(required, name => Assert.Contains(name, given));
    }

    /// <summary>How many resources a declaration makes: the length of the variable its copy loop runs over, else one.</summary>
    private static int CopyCount(ArmResource resource)
    {
        var copied = ArmTemplate.CopiedVariable().Match(resource.Name);
        return copied.Success ? resource.Template.GetProperty("variables").GetProperty(copied.Groups[1].Value).GetArrayLength() : 1;
    }

    [GeneratedRegex(@"AccountKey=|SharedAccessKey|SharedAccessSignature|DefaultEndpointsProtocol|listKeys|password", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"roleDefinitions', '([0-9a-f-]{36})'")]
    private static partial Regex RoleDefinitionId();

    [GeneratedRegex(@"ConsumerGroup\s*=\s*""([^""]+)""")]
    private static partial Regex ConsumerGroupConstant();

    [GeneratedRegex(@"\b(AZURE|ER)_[A-Z0-9_]+\b")]
    private static partial Regex HookVariable();

    [GeneratedRegex(@"^services:\s*\n(?:\s*#.*\n)*\s+(?<name>[a-z0-9-]+):\s*\n\s+project:\s*(?<project>\S+)\s*\n\s+language:\s*(?<language>\S+)\s*\n\s+host:\s*(?<host>\S+)", RegexOptions.Multiline)]
    private static partial Regex AzureYamlService();
}
