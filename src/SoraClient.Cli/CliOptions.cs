using System.CommandLine;

namespace SoraClient.Cli;

/// <summary>The options every command shares (declared once, recursive on the root command).</summary>
internal sealed class CliOptions
{
    public static readonly string[] Providers = ["openai", "apiyi", "azure", "grsai", "acedata", "aivideoapi", "emulator"];

    public Option<string?> Provider { get; } = Recursive(new Option<string?>("--provider", "-p") { Description = "The gateway: " + string.Join(", ", Providers) + " (default: the job reference's prefix, SORA_PROVIDER, or openai)" });

    public Option<string?> BaseUrl { get; } = Recursive(new Option<string?>("--base-url") { Description = "The gateway's base URL (default: the provider's public endpoint; SORA_BASE_URL)" });

    public Option<string?> ApiKey { get; } = Recursive(new Option<string?>("--api-key") { Description = "The API key (default: SORA_API_KEY, or OPENAI_API_KEY, APIYI_API_KEY, AZURE_OPENAI_API_KEY, GRSAI_API_KEY, ACEDATA_API_KEY, AIVIDEOAPI_API_KEY); never printed" });

    public Option<bool> Json { get; } = Recursive(new Option<bool>("--json") { Description = "Write machine-readable JSON to standard output" });

    public Option<bool> Quiet { get; } = Recursive(new Option<bool>("--quiet", "-q") { Description = "Print only results and errors" });

    public Option<string?> Timeout { get; } = Recursive(new Option<string?>("--timeout") { Description = "How long to wait for a job: 90s, 20m, 1h (default 30m)" });

    public Option<string?> Model { get; } = new("--model", "-m") { Description = "The model, e.g. sora-2, sora-2-pro" };

    public Option<int?> Seconds { get; } = new("--seconds", "-s") { Description = "The duration in seconds (each provider allows a few values)" };

    public Option<string?> Aspect { get; } = new("--aspect") { Description = "landscape (16:9), portrait (9:16) or square (1:1)" };

    public Option<string?> Resolution { get; } = new("--resolution") { Description = "standard (720p), high (1024p) or fullhd (1080p)" };

    public Option<string?> Size { get; } = new("--size") { Description = "An explicit provider size (e.g. 1280x720); overrides --aspect and --resolution" };

    public Option<string?> Image { get; } = new("--image") { Description = "A reference image: a file path or an http(s) URL" };

    public Option<string[]> Character { get; } = new("--character") { Description = "A character id (repeatable)", AllowMultipleArgumentsPerToken = false };

    public Option<string?> Callback { get; } = new("--callback") { Description = "A callback URL the gateway posts to when the job ends" };

    public Option<bool> Nearest { get; } = new("--nearest") { Description = "Snap unsupported values to the nearest allowed one instead of failing" };

    public Option<string?> Out { get; } = new("--out", "-o") { Description = "Where to save the video" };

    /// <summary>The request options, for commands that create a video.</summary>
    public IEnumerable<Option> RequestOptions => [Model, Seconds, Aspect, Resolution, Size, Image, Character, Callback, Nearest];

    private static Option<T> Recursive<T>(Option<T> option)
    {
        option.Recursive = true;
        return option;
    }
}
