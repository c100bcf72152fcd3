# azd prepackage hook: the deployed app must contain ScoreVitals, which is compiled only with the MSBuild property
# EventHubsTrigger=true (src/ErFunctions/ErFunctions.csproj). azd runs `dotnet publish` without extra arguments, and
# MSBuild takes environment variables as properties, so the variable must be set in the session that runs azd.
$ErrorActionPreference = 'Stop'

if ($env:EventHubsTrigger -ne 'true') {
    Write-Error ("EventHubsTrigger is not 'true' in this session: the package would lack ScoreVitals (no one would score the vitals stream).`n" +
        "Run: `$env:EventHubsTrigger = 'true'   and then azd up (or azd deploy) again.")
    exit 1
}
