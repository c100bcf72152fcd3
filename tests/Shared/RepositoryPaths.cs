namespace ErTests.Support;

/// <summary>Finds files of the repository (data/, sql/) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Data(string file) => Path.Combine(Root, "data", file);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ErFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ErFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
