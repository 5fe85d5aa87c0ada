using System.CommandLine;
using SoraClient.Emulator;

namespace SoraClient.Cli.Commands;

/// <summary><c>emulator [--port N]</c>: serves every gateway protocol on 127.0.0.1 until Ctrl+C.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CliConsole console)
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 5080 };
        var jobDuration = new Option<string?>("--job-duration") { Description = "How long a job takes, e.g. 8s (default), 500ms" };
        var pollAfter = new Option<string?>("--poll-after") { Description = "The polling interval the emulator suggests (default 1s)" };
        var apiKey = new Option<string?>("--emulator-key") { Description = "The key the emulator accepts (default emulator-key)" };
        var command = new Command("emulator", "Run a local emulator of every gateway (no account, no cost) until Ctrl+C");
        command.Options.Add(port);
        command.Options.Add(jobDuration);
        command.Options.Add(pollAfter);
        command.Options.Add(apiKey);
        command.SetAction(async (parse, ct) =>
        {
            var options = new SoraEmulatorOptions { Port = parse.GetValue(port) };
            try
            {
                options.JobDuration = CliParsing.Duration(parse.GetValue(jobDuration), "--job-duration") ?? options.JobDuration;
                options.PollAfter = CliParsing.Duration(parse.GetValue(pollAfter), "--poll-after") ?? options.PollAfter;
                options.ApiKey = parse.GetValue(apiKey) ?? options.ApiKey;
                var emulator = await SoraEmulator.StartAsync(options, ct).ConfigureAwait(false);
                await using (emulator.ConfigureAwait(false))
                {
                    console.Out.WriteLine($"SoraClient emulator listening on {emulator.BaseAddress}");
                    foreach (var (protocol, endpoint) in emulator.Endpoints)
                    {
                        console.Out.WriteLine($"  {protocol,-12}{endpoint}");
                    }

                    console.Out.WriteLine($"API key: {emulator.ApiKey}. Jobs take {options.JobDuration.TotalSeconds:0.###} s. Request counts: GET {emulator.BaseAddress}_emulator/requests/count?protocol=openai&method=POST&path=/videos");
                    console.Out.WriteLine($"Try: sora generate \"a red fox in snow\" --provider openai --base-url {emulator.OpenAIEndpoint} --api-key {emulator.ApiKey}");
                    console.Out.WriteLine("Press Ctrl+C to stop.");
                    await console.Out.FlushAsync(ct).ConfigureAwait(false);
                    var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    using (ct.Register(() => stopped.TrySetResult()))
                    {
                        await stopped.Task.ConfigureAwait(false);
                    }

                    console.Out.WriteLine("Stopping.");
                }

                return ExitCodes.Success;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return CliErrors.Report(exception, console);
            }
        });
        return command;
    }
}
