using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator.Hosting;

/// <summary>What <c>dotnet run --project src/SoraClient.Emulator -f net10.0</c> does: parse, start, print the endpoints, wait to be stopped.</summary>
internal static class EmulatorProgram
{
    /// <summary>Runs the emulator until <paramref name="stop"/> is cancelled.</summary>
    /// <returns>0 after a clean stop, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop)
    {
        if (!EmulatorCommandLine.TryParse(args, out var commandLine, out var problem))
        {
            await error.WriteLineAsync(problem).ConfigureAwait(false);
            await error.WriteLineAsync("Run with --help for the options.").ConfigureAwait(false);
            return 2;
        }

        if (commandLine!.ShowHelp)
        {
            await output.WriteLineAsync(EmulatorCommandLine.Usage).ConfigureAwait(false);
            return 0;
        }

        using var loggerFactory = commandLine.Quiet
            ? null
            : LoggerFactory.Create(logging => logging
                .AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss ";
                })
                .AddFilter("Microsoft", LogLevel.Warning));
        var options = commandLine.Options;
        options.LoggerFactory = loggerFactory;

        var emulator = await SoraEmulator.StartAsync(options, stop).ConfigureAwait(false);
        await using (emulator.ConfigureAwait(false))
        {
            await output.WriteLineAsync(Describe(emulator, options)).ConfigureAwait(false);
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (stop.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task.ConfigureAwait(false);
            }

            await output.WriteLineAsync("Stopping.").ConfigureAwait(false);
        }

        return 0;
    }

    public static string Describe(SoraEmulator emulator, SoraEmulatorOptions options)
    {
        var endpoints = string.Join(Environment.NewLine, emulator.Endpoints.Select(e => $"  {e.Key,-12}{e.Value}"));
        var key = options.ApiKey is null ? $"any non-empty key (e.g. {emulator.ApiKey})" : emulator.ApiKey;
        return $"""
            SoraClient emulator listening on {emulator.BaseAddress}
            Endpoints (base URLs; OpenAI clients append /videos):
            {endpoints}
            API key: {key}  (Authorization: Bearer <key>, or api-key: <key>)
            Jobs take {Format(options.JobDuration)} ({Format(options.EffectiveQueueDuration)} queued); results expire {Format(options.AssetLifetime)} after completion.
            Prompt markers: {EmulatorPromptMarkers.Moderation} {EmulatorPromptMarkers.Fail} {EmulatorPromptMarkers.Expire} {EmulatorPromptMarkers.NotVisibleYet} (GrsAI)
            Press Ctrl+C to stop.
            """;
    }

    /// <summary>The largest whole unit: 500ms, 20s, 1.5m, 24h.</summary>
    public static string Format(TimeSpan duration) => duration switch
    {
        { TotalHours: >= 1 } => FormattableString.Invariant($"{duration.TotalHours:0.##}h"),
        { TotalMinutes: >= 1 } => FormattableString.Invariant($"{duration.TotalMinutes:0.##}m"),
        { TotalSeconds: >= 1 } => FormattableString.Invariant($"{duration.TotalSeconds:0.##}s"),
        _ => FormattableString.Invariant($"{duration.TotalMilliseconds:0.##}ms"),
    };
}
