#!/bin/sh
# azd postdeploy hook: subscribes the blob trigger IngestUpload to BlobCreated events of the er-uploads container.
# The webhook needs the app's blobs_extension system key, which exists only once the deployed code has started, so
# this cannot be part of the Bicep. Idempotent: a second run updates the same subscription.
# Reads the azd outputs AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME, AZURE_FUNCTION_APP_HOST,
# AZURE_EVENTGRID_SYSTEM_TOPIC_NAME and ER_UPLOADS_CONTAINER, which azd puts in the environment of its hooks.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "The Azure CLI (az) is needed to subscribe the blob trigger to Event Grid; install it and run: azd hooks run postdeploy" >&2
  exit 1
fi

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_FUNCTION_APP_HOST AZURE_EVENTGRID_SYSTEM_TOPIC_NAME ER_UPLOADS_CONTAINER; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "$name is not set: run this hook through azd (azd hooks run postdeploy) after azd provision." >&2
    exit 1
  fi
done

# The host creates the key when it first loads the blob extension after the deployment; give it a few minutes.
key=""
attempt=1
while [ "$attempt" -le 20 ]; do
  key=$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  if [ -n "$key" ]; then
    break
  fi
  echo "Waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME (attempt $attempt of 20)..."
  attempt=$((attempt + 1))
  sleep 15
done

if [ -z "$key" ]; then
  echo "No blobs_extension key on $AZURE_FUNCTION_APP_NAME: did the deployment include IngestUpload? Check the app's log stream, then run: azd hooks run postdeploy" >&2
  exit 1
fi

endpoint="https://${AZURE_FUNCTION_APP_HOST}/runtime/webhooks/blobs?functionName=Host.Functions.IngestUpload&code=${key}"

# The key is part of the endpoint: keep it out of the output (--output none).
az eventgrid system-topic event-subscription create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --system-topic-name "$AZURE_EVENTGRID_SYSTEM_TOPIC_NAME" \
  --name "er-uploads-blobcreated" \
  --endpoint-type webhook \
  --endpoint "$endpoint" \
  --included-event-types Microsoft.Storage.BlobCreated \
  --subject-begins-with "/blobServices/default/containers/${ER_UPLOADS_CONTAINER}/" \
  --output none

echo "Event Grid delivers BlobCreated events of ${ER_UPLOADS_CONTAINER} to IngestUpload."
