// The Functions app on the Flex Consumption plan (.NET isolated). Every connection is identity-based with the
// user-assigned identity (<Name>__credential = managedidentity, <Name>__clientId): the host's own storage, the
// ErStorage and ErEventHubs connections of the triggers and of our SDK clients (ErPipeline.Azure.ConnectionCredential),
// Application Insights, and the Key Vault reference of the Snowflake key. No setting holds a key or a password.

param name string
param planName string
param location string
param tags object

@description('azd deploys the service of this name (azure.yaml) to the app it finds by the azd-service-name tag.')
param serviceName string

param identityId string
param identityClientId string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerName string

param eventHubsNamespace string
param applicationInsightsName string
param logAnalyticsWorkspaceId string
param keyVaultUri string

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Schedules of the timer functions (NCRONTAB with seconds), in flat settings the host resolves as %Name%.')
param generateVitalsSchedule string
param sendAlertRemindersSchedule string

@description('Settings of the Snowflake warehouse (section Snowflake of the app).')
param snowflake {
  account: string
  host: string
  user: string
  role: string
  warehouse: string
  database: string
  schema: string
  stage: string
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with this identity (the app has no system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      // The worker runtime lives here on Flex Consumption, not in FUNCTIONS_WORKER_RUNTIME (which Flex refuses).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // The host's own storage (timer locks, Event Hubs checkpoints, blob trigger receipts).
      AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
      AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
      AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId

      // ErStorage: the blob trigger on er-uploads, quarantine, dead letters, the er-alerts queue, the alert-state table.
      ErStorage__blobServiceUri: storageBlobEndpoint
      ErStorage__queueServiceUri: storageQueueEndpoint
      ErStorage__tableServiceUri: storageTableEndpoint
      ErStorage__credential: 'managedidentity'
      ErStorage__clientId: identityClientId

      // ErEventHubs: GenerateVitals sends to and ScoreVitals receives from the hub vitals.
      ErEventHubs__fullyQualifiedNamespace: eventHubsNamespace
      ErEventHubs__credential: 'managedidentity'
      ErEventHubs__clientId: identityClientId

      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

      GenerateVitalsSchedule: generateVitalsSchedule
      SendAlertRemindersSchedule: sendAlertRemindersSchedule

      Warehouse__Provider: 'Snowflake'
      Snowflake__Account: snowflake.account
      Snowflake__Host: snowflake.host
      Snowflake__User: snowflake.user
      Snowflake__Role: snowflake.role
      Snowflake__Warehouse: snowflake.warehouse
      Snowflake__Database: snowflake.database
      Snowflake__Schema: snowflake.schema
      Snowflake__Stage: snowflake.stage
      // The operator puts the PEM into this secret after the deployment; no version, so a new one is picked up.
      Snowflake__PrivateKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/snowflake-private-key)'
    }
  }

  // Publishing with user name and password stays off: azd deploys with the operator's Entra ID sign-in.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: { allow: false }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: { allow: false }
  }
}

// The host's and the functions' logs in the workspace too (Application Insights has the traces and requests).
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'functionapp-logs'
  scope: app
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
