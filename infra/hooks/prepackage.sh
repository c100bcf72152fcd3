#!/bin/sh
# azd prepackage hook: the deployed app must contain ScoreVitals, which is compiled only with the MSBuild property
# EventHubsTrigger=true (src/ErFunctions/ErFunctions.csproj). azd runs `dotnet publish` without extra arguments, and
# MSBuild takes environment variables as properties, so the variable must be exported in the shell that runs azd.
set -eu

if [ "${EventHubsTrigger:-}" != "true" ]; then
  echo "EventHubsTrigger is not 'true' in this shell: the package would lack ScoreVitals (no one would score the vitals stream)." >&2
  echo "Run: export EventHubsTrigger=true   and then azd up (or azd deploy) again." >&2
  exit 1
fi
