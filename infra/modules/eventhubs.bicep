// Event Hubs for the vitals stream: hub "vitals" (GenerateVitals sends, ScoreVitals receives in its own consumer
// group). Local (SAS) authentication is off: the app sends and receives with its identity.

param name string
param location string
param tags object

@description('Principal id of the function app identity.')
param appPrincipalId string

@minValue(1)
@maxValue(32)
param partitionCount int

@minValue(1)
@maxValue(7)
param messageRetentionInDays int

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
    capacity: 1
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }

  resource vitals 'eventhubs' = {
    name: 'vitals'
    properties: {
      partitionCount: partitionCount
      messageRetentionInDays: messageRetentionInDays
    }

    // ScoreVitals.ConsumerGroup: the scoring function keeps its own place in the stream.
    resource scoreVitals 'consumergroups' = {
      name: 'scorevitals'
    }
  }
}

resource dataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appPrincipalId, '2b629674-e913-4c01-ae53-ef4638d8f975')
  scope: namespace
  properties: {
    description: 'Azure Event Hubs Data Sender'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2b629674-e913-4c01-ae53-ef4638d8f975')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource dataReceiver 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(namespace.id, appPrincipalId, 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde')
  scope: namespace
  properties: {
    description: 'Azure Event Hubs Data Receiver'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde')
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = namespace.name
// serviceBusEndpoint is https://<namespace>.servicebus.windows.net:443/ in the public cloud; its host is what
// <Name>__fullyQualifiedNamespace wants, and taking it from the resource keeps other clouds right.
output fullyQualifiedNamespace string = parseUri(namespace.properties.serviceBusEndpoint).host
