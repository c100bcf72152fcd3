# azd postdeploy hook: subscribes the blob trigger IngestUpload to BlobCreated events of the er-uploads container.
# The webhook needs the app's blobs_extension system key, which exists only once the deployed code has started, so
# this cannot be part of the Bicep. Idempotent: a second run updates the same subscription.
# Reads the azd outputs AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_FUNCTION_APP_HOST,
# AZURE_EVENTGRID_SYSTEM_TOPIC_NAME and ER_UPLOADS_CONTAINER, which azd puts in the environment of its hooks.
$ErrorActionPreference = 'Stop'

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Write-Error 'The Azure CLI (az) is needed to subscribe the blob trigger to Event Grid; install it and run: azd hooks run postdeploy'
    exit 1
}

foreach ($name in 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_FUNCTION_APP_HOST', 'AZURE_EVENTGRID_SYSTEM_TOPIC_NAME', 'ER_UPLOADS_CONTAINER') {
    if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) {
        Write-Error "$name is not set: run this hook through azd (azd hooks run postdeploy) after azd provision."
        exit 1
    }
}

# The host creates the key when it first loads the blob extension after the deployment; give it a few minutes.
$key = ''
for ($attempt = 1; $attempt -le 20; $attempt++) {
    $key = az functionapp keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null
    if ($LASTEXITCODE -eq 0 -and -not [string]::IsNullOrWhiteSpace($key)) {
        break
    }
    $key = ''
    Write-Host "Waiting for the blobs_extension key of $($env:AZURE_FUNCTION_APP_NAME) (attempt $attempt of 20)..."
    Start-Sleep -Seconds 15
}

if ([string]::IsNullOrWhiteSpace($key)) {
    Write-Error "No blobs_extension key on $($env:AZURE_FUNCTION_APP_NAME): did the deployment include IngestUpload? Check the app's log stream, then run: azd hooks run postdeploy"
    exit 1
}

$endpoint = "https://$($env:AZURE_FUNCTION_APP_HOST)/runtime/webhooks/blobs?functionName=Host.Functions.IngestUpload&code=$($key.Trim())"

# The key is part of the endpoint: keep it out of the output (--output none).
az eventgrid system-topic event-subscription create `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --system-topic-name $env:AZURE_EVENTGRID_SYSTEM_TOPIC_NAME `
    --name 'er-uploads-blobcreated' `
    --endpoint-type webhook `
    --endpoint $endpoint `
    --included-event-types Microsoft.Storage.BlobCreated `
    --subject-begins-with "/blobServices/default/containers/$($env:ER_UPLOADS_CONTAINER)/" `
    --output none
if ($LASTEXITCODE -ne 0) {
    exit $LASTEXITCODE
}

Write-Host "Event Grid delivers BlobCreated events of $($env:ER_UPLOADS_CONTAINER) to IngestUpload."
