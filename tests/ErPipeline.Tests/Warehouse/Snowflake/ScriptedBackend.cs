using ErTests.FakeSnowflake;

namespace ErPipeline.Tests.Warehouse.Snowflake;

/// <summary>A fake server backend that answers each statement with a scripted outcome and remembers what it ran.</summary>
public sealed class ScriptedBackend : IFakeSqlBackend
{
    private readonly List<FakeSqlStatement> _ran = [];

    public Func<FakeSqlStatement, FakeSqlOutcome> Answer { get; set; } = _ => new FakeSqlOutcome([], []);

    public IReadOnlyList<FakeSqlStatement> Ran
    {
        get
        {
            lock (_ran)
            {
                return [.. _ran];
            }
        }
    }

    public IReadOnlyList<FakeSqlOutcome> Run(IReadOnlyList<FakeSqlStatement> statements)
    {
        lock (_ran)
        {
            _ran.AddRange(statements);
        }

        return [.. statements.Select(Answer)];
    }
}
