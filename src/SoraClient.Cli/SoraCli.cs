using System.CommandLine;
using SoraClient.Cli.Commands;
using SoraClient.Emulator;

namespace SoraClient.Cli;

/// <summary>The <c>sora</c> command line: builds the commands, parses, runs, and maps every failure to an exit code.</summary>
internal static class SoraCli
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var options = new CliOptions();
        var root = new RootCommand("sora: generate AI videos through Sora 2 gateways, resumable batches, prices, and a local emulator.");
        foreach (var option in (Option[])[options.Provider, options.BaseUrl, options.ApiKey, options.Json, options.Quiet, options.Timeout])
        {
            root.Options.Add(option);
        }

        foreach (var command in JobCommands.Create(console, options).Concat(InfoCommands.Create(console, options)).Concat(BatchCommand.Create(console, options)))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(CharactersCommand.Create(console, options));
        root.Subcommands.Add(EmulatorCommand.Create(console));
        root.Subcommands.Add(JobsCommand.Create(console));

        var parse = root.Parse(args);
        console.Json = parse.GetValue(options.Json);
        console.Quiet = parse.GetValue(options.Quiet);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Fail(error.Message);
            }

            console.Error.WriteLine("Run 'sora --help' (or 'sora <command> --help') for the usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("Interrupted.");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>Runs a command body on a gateway, printing any failure with its exit code.</summary>
    public static async Task<int> RunAsync(CliConsole console, CliOptions options, ParseResult parse, CancellationToken cancellationToken, Func<Gateway, Task<int>> body,
        string? referenceProvider = null, string protocol = EmulatorProtocols.OpenAI, Action<VideoProviderOptions>? configure = null)
    {
        Gateway? gateway = null;
        try
        {
            gateway = await Gateway.CreateAsync(parse, options, referenceProvider, protocol, cancellationToken, configure).ConfigureAwait(false);
            return await body(gateway).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Exception exception)
        {
            return CliErrors.Report(exception, console, gateway, parse.GetValue(options.Out));
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
