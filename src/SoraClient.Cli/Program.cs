using SoraClient.Cli;

// Ctrl+C cancels the running command, which prints what it leaves behind (a job reference, a ledger) and exits with 130.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!interrupt.IsCancellationRequested)
    {
        e.Cancel = true; // the command finishes itself; a second Ctrl+C ends the process at once
        interrupt.Cancel();
    }
};

var console = new CliConsole(Console.Out, Console.Error, isTerminal: !Console.IsOutputRedirected);
return await SoraCli.RunAsync(args, console, interrupt.Token).ConfigureAwait(false);
