// The function app's user-assigned identity: every connection of the app (host storage, ErStorage, ErEventHubs,
// Key Vault references, Application Insights) signs in as this one identity, so no key or password is deployed.

param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
