// The Event Grid system topic of the storage account: the source of the blob trigger's events. Its subscription
// (BlobCreated in er-uploads, delivered to the blob extension's webhook) needs the function's blobs_extension key,
// which exists only once the code runs, so infra/hooks/postdeploy creates it after azd deploys the app.

param name string
param location string
param tags object
param storageAccountId string

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = topic.name
