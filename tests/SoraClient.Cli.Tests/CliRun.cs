namespace SoraClient.Cli.Tests;

/// <summary>The tool run in process, with its output captured.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string All => Out + Error;

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = await SoraCli.RunAsync(args, new CliConsole(output, error, isTerminal: false), timeout.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- out\n{Out}\n--- error\n{Error}";
}
