using System.Text.Json;
using System.Text.RegularExpressions;

namespace ErInfra.Tests;

/// <summary>
/// A compiled ARM template and the templates of its nested deployments (one per Bicep module), read as JSON:
/// resources anywhere in the tree, with the template that declares them.
/// </summary>
public sealed partial class ArmTemplate(JsonElement root)
{
    public JsonElement Root { get; } = root;

    /// <summary>Every resource of this template and of the nested deployments' templates.</summary>
    public IReadOnlyList<ArmResource> Resources { get; } = Collect(root).ToList();

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource One(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"Expected one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The function app's settings: the properties of the <c>Microsoft.Web/sites/config</c> named appsettings.</summary>
    public IReadOnlyDictionary<string, JsonElement> AppSettings()
    {
        var config = OfType("Microsoft.Web/sites/config").Single(r => r.Name.Contains("appsettings", StringComparison.Ordinal));
        return config.Properties.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>The parameters of the template at subscription scope (main.bicep).</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters() =>
        Root.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static IEnumerable<ArmResource> Collect(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        // Bicep writes an array, or an object keyed by symbolic name (language version 2.0).
        var items = resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToList()
            : resources.EnumerateObject().Select(p => p.Value).ToList();
        foreach (var resource in items)
        {
            var type = resource.GetProperty("type").GetString()!;
            if (resource.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            yield return new ArmResource(resource, template);
            if (type == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Collect(resource.GetProperty("properties").GetProperty("template")))
                {
                    yield return nested;
                }
            }
        }
    }

    [GeneratedRegex(@"'([^']*)'")]
    internal static partial Regex StringLiteral();

    [GeneratedRegex(@"variables\('([^']+)'\)\[copyIndex\(\)\]")]
    internal static partial Regex CopiedVariable();
}

/// <summary>One resource and the template that declares it.</summary>
public sealed record ArmResource(JsonElement Json, JsonElement Template)
{
    public string Type => Json.GetProperty("type").GetString()!;

    public string Name => Json.GetProperty("name").GetString()!;

    public JsonElement Properties => Json.GetProperty("properties");

    /// <summary>
    /// The last segment of the resource's name as a literal where the template states it: the last string literal of a
    /// <c>format(...)</c> name, or each element of the variable a copy loop runs over.
    /// </summary>
    public IReadOnlyList<string> LiteralNames()
    {
        var name = Name;
        if (!name.StartsWith('['))
        {
            return [name.Split('/')[^1]];
        }

        var copied = ArmTemplate.CopiedVariable().Match(name);
        if (copied.Success)
        {
            return [.. Template.GetProperty("variables").GetProperty(copied.Groups[1].Value).EnumerateArray()
                .Select(e => e.GetString()!)
                .Where(s => !s.StartsWith('['))];
        }

        var literals = ArmTemplate.StringLiteral().Matches(name).Select(m => m.Groups[1].Value).ToList();
        return literals.Count > 1 ? [literals[^1]] : [];
    }

    /// <summary>A string at a dotted path under the resource (<c>properties.siteConfig.minTlsVersion</c>).</summary>
    public JsonElement At(string path)
    {
        var element = Json;
        foreach (var part in path.Split('.'))
        {
            Assert.True(element.ValueKind == JsonValueKind.Object && element.TryGetProperty(part, out element), $"{Type} has no {path}.");
        }

        return element;
    }
}
