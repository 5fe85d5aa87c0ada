using Microsoft.Extensions.Logging;

namespace SoraClient.Emulator.Hosting;

/// <summary>What the <c>sora-emulator</c> tool (src/SoraClient.Emulator.Tool) does: parse, start, print the endpoints, wait to be stopped.</summary>
internal static class EmulatorProgram
{
    /// <summary>Runs the emulator until <paramref name="stop"/> is cancelled.</summary>
    /// <returns>0 after a clean stop, 1 when the port is in use, 2 for a bad command line.</returns>
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

        var options = commandLine.Options;
        if (options.Port != 0 && !IsPortFree(options.Host, options.Port))
        {
            await error.WriteLineAsync(PortInUse(options.Port)).ConfigureAwait(false);
            return 1;
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
        options.LoggerFactory = loggerFactory;

        SoraEmulator emulator;
        try
        {
            emulator = await SoraEmulator.StartAsync(options, stop).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // taken between the check above and the bind
            await error.WriteLineAsync(PortInUse(options.Port)).ConfigureAwait(false);
            return 1;
        }

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

    private static string PortInUse(int port) =>
        FormattableString.Invariant($"Port {port} is in use; stop what listens there, or pick another with --port (--port 0 picks a free one).");

    /// <summary>Binds the port for a moment, so a port in use is one clear line rather than Kestrel's log and stack trace.</summary>
    private static bool IsPortFree(string host, int port)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Parse(host), port);
        try
        {
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode is System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AccessDenied)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
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
