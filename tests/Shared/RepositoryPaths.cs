namespace ErTests.Support;

/// <summary>Finds files of the repository (data/, sql/) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Data(string file) => System.IO.Path.Combine(Root, "data", file);

    /// <summary>A path in the repository, written with forward slashes (<c>docs/kpi-feed.md</c>).</summary>
    public static string Of(string relativePath) => System.IO.Path.Combine([Root, .. relativePath.Split('/')]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ErFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ErFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
