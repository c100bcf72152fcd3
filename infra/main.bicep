// ErFunctions in Azure: one resource group with the Functions app (Flex Consumption), its storage, Event Hubs,
// Event Grid system topic, Key Vault, Application Insights and Log Analytics. `azd up` deploys it; see README "Deploy".
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; with the subscription and location it seeds the resource names.')
param environmentName string

@minLength(1)
@description('Region of every resource. Flex Consumption is offered in some regions only (az functionapp list-flexconsumption-locations).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the operator who runs azd (azd passes AZURE_PRINCIPAL_ID): may upload CSV files and set the Snowflake key secret. Empty for none.')
param principalId string = ''

@description('Partitions of the hub vitals (readings keep their order per patient within a partition).')
@minValue(1)
@maxValue(32)
param eventHubPartitionCount int = 4

@description('Days the hub vitals keeps readings (Standard tier: 1 to 7).')
@minValue(1)
@maxValue(7)
param eventHubRetentionDays int = 1

@description('Memory of each Flex Consumption instance, in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances Flex Consumption scales the app out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('NCRONTAB schedule of GenerateVitals (simulated bedside monitors).')
param generateVitalsSchedule string = '0 * * * * *'

@description('NCRONTAB schedule of SendAlertReminders.')
param sendAlertRemindersSchedule string = '*/30 * * * * *'

@minLength(1)
@description('Snowflake account identifier, e.g. myorg-myaccount.')
param snowflakeAccount string

@description('Snowflake host name; empty for <account>.snowflakecomputing.com.')
param snowflakeHost string = ''

param snowflakeUser string = 'ER_FUNCTION'
param snowflakeRole string = 'ER_LOADER'
param snowflakeWarehouse string = 'ER_WH'
param snowflakeDatabase string = 'ER_DB'
param snowflakeSchema string = 'ER'
param snowflakeStage string = 'ER_CURATED_STAGE'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}er-${resourceToken}'
var deploymentContainerName = 'app-package-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}er-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
    deploymentContainerName: deploymentContainerName
  }
}

module eventHubs 'modules/eventhubs.bicep' = {
  name: 'eventhubs'
  scope: rg
  params: {
    name: '${abbrs.eventHubNamespaces}${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    partitionCount: eventHubPartitionCount
    messageRetentionInDays: eventHubRetentionDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    appPrincipalId: identity.outputs.principalId
    operatorPrincipalId: principalId
  }
}

module eventGrid 'modules/eventgrid.bicep' = {
  name: 'eventgrid'
  scope: rg
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
  }
}

// Its inputs are outputs of the other modules, so it starts after them, role assignments included: the app's first
// start reads storage, Event Hubs and the Key Vault reference as its identity.
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'er' // the service of azure.yaml
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    eventHubsNamespace: eventHubs.outputs.fullyQualifiedNamespace
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    keyVaultUri: keyVault.outputs.vaultUri
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    generateVitalsSchedule: generateVitalsSchedule
    sendAlertRemindersSchedule: sendAlertRemindersSchedule
    snowflake: {
      account: snowflakeAccount
      host: !empty(snowflakeHost) ? snowflakeHost : toLower('${snowflakeAccount}.snowflakecomputing.com')
      user: snowflakeUser
      role: snowflakeRole
      warehouse: snowflakeWarehouse
      database: snowflakeDatabase
      schema: snowflakeSchema
      stage: snowflakeStage
    }
  }
}

// azd stores these in the environment (.azure/<env>/.env); the hooks read them.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_HOST string = functionApp.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_EVENTHUBS_NAMESPACE string = eventHubs.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = eventGrid.outputs.name
output ER_UPLOADS_CONTAINER string = 'er-uploads'
output ER_KPI_URL string = 'https://${functionApp.outputs.defaultHostName}/api/kpis'
