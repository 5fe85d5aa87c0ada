using System.Globalization;

namespace SoraClient.Emulator.Hosting;

/// <summary>The emulator program's command line: <c>--port 5080 --api-key k --job-duration 20s</c>.</summary>
internal sealed class EmulatorCommandLine
{
    public const string Usage = """
        Usage: sora-emulator [options]

        Serves the video gateway protocols on 127.0.0.1 until Ctrl+C.

        Options:
          --port <n>              TCP port (default 5080; 0 picks a free port)
          --api-key <key>         the API key to accept (default emulator-key)
          --any-key               accept any non-empty API key
          --job-duration <d>      creation to completion (default 8s)
          --queue-duration <d>    the queued part of a job (default: an eighth of the job)
          --poll-after <d>        suggested polling interval, openai-poll-after-ms (default 1s)
          --asset-lifetime <d>    how long results can be downloaded (default 24h)
          --quiet                 do not log each request
          -h, --help              show this help

        Durations: 500ms, 20s, 1.5m, 2h, or a plain number of seconds.
        """;

    public const int DefaultPort = 5080;

    public required SoraEmulatorOptions Options { get; init; }

    public bool Quiet { get; init; }

    public bool ShowHelp { get; init; }

    public static bool TryParse(IReadOnlyList<string> args, out EmulatorCommandLine? commandLine, out string? error)
    {
        var options = new SoraEmulatorOptions { Port = DefaultPort };
        var quiet = false;
        commandLine = null;
        error = null;
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                // --name value, or --name=value
                var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
                string Value() => inlineValue ?? (++i < args.Count ? args[i] : throw new FormatException($"{name} needs a value."));
                switch (name)
                {
                    case "-h" or "--help" or "-?":
                        commandLine = new EmulatorCommandLine { Options = options, ShowHelp = true };
                        return true;
                    case "--quiet":
                        quiet = true;
                        break;
                    case "--any-key":
                        options.ApiKey = null;
                        break;
                    default:
                        Apply(options, name, Value());
                        break;
                }
            }

            SoraEmulatorOptions.Validate(options);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            error = exception.Message;
            return false;
        }

        commandLine = new EmulatorCommandLine { Options = options, Quiet = quiet };
        return true;
    }

    /// <summary>Parses <c>500ms</c>, <c>20s</c>, <c>1.5m</c>, <c>2h</c>, <c>00:00:20</c> or a plain number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        text = text.Trim();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') || text.EndsWith('S') => (text[..^1], 1.0),
            _ when text.EndsWith('m') || text.EndsWith('M') => (text[..^1], 60.0),
            _ when text.EndsWith('h') || text.EndsWith('H') => (text[..^1], 3600.0),
            _ when text.Contains(':', StringComparison.Ordinal) => (string.Empty, 0.0),
            _ => (text, 1.0),
        };

        if (unit == 0.0)
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            duration = TimeSpan.FromSeconds(value * unit);
            return true;
        }

        duration = default;
        return false;
    }

    private static void Apply(SoraEmulatorOptions options, string name, string value)
    {
        TimeSpan Duration() => TryParseDuration(value, out var duration)
            ? duration
            : throw new FormatException($"{name}: '{value}' is not a duration (use 500ms, 20s, 1.5m, 2h).");

        switch (name)
        {
            case "--port":
                options.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? port
                    : throw new FormatException($"--port: '{value}' is not a port number.");
                break;
            case "--api-key":
                options.ApiKey = value;
                break;
            case "--job-duration":
                options.JobDuration = Duration();
                break;
            case "--queue-duration":
                options.QueueDuration = Duration();
                break;
            case "--poll-after":
                options.PollAfter = Duration();
                break;
            case "--asset-lifetime":
                options.AssetLifetime = Duration();
                break;
            default:
                throw new FormatException($"Unknown option '{name}'.");
        }
    }
}
