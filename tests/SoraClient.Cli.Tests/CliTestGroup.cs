namespace SoraClient.Cli.Tests;

/// <summary>The CLI tests share process-wide environment variables, so they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CliTestGroup
{
    public const string Name = "cli";
}
