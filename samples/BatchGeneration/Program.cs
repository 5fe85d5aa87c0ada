// BatchGeneration: a list of prompts through the durable job ledger. Stop it at any time (Ctrl+C, a crash) and run it
// again: finished videos are skipped, submitted jobs are waited on again, and nothing is ever submitted twice.
//
//   dotnet run --project samples/BatchGeneration
//
// With no SORA_API_KEY it runs against the built-in emulator (no account, no cost). With SORA_API_KEY (and optionally
// SORA_BASE_URL) it uses an OpenAI-compatible gateway.
using SoraClient;
using SoraClient.Emulator;
using SoraClient.Jobs;
using SoraClient.Providers.OpenAI;

string[] prompts =
[
    "a red fox in snow",
    "a lighthouse at dusk, waves below",
    "a paper boat on a rainy street",
    "a hot air balloon over a desert at sunrise",
];

// 1. The gateway: a real one from the environment, or the emulator in this process.
var apiKey = Environment.GetEnvironmentVariable("SORA_API_KEY");
await using var emulator = string.IsNullOrWhiteSpace(apiKey)
    ? await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromSeconds(4), PollAfter = TimeSpan.FromMilliseconds(500) })
    : null;
using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
using var generator = new OpenAIVideoGenerator(http, new OpenAIOptions
{
    // The registration name is recorded with every row; with the emulator each run starts a new one, so its jobs
    // cannot be resumed by a later run: use a real gateway (or `sora emulator` in another terminal) to try that.
    ProviderName = emulator is null ? "openai" : "emulator",
    Endpoint = emulator?.OpenAIEndpoint ?? (Environment.GetEnvironmentVariable("SORA_BASE_URL") is { Length: > 0 } url ? new Uri(url) : OpenAIOptions.DefaultEndpoint),
    ApiKey = emulator?.ApiKey ?? apiKey,
});

// 2. The ledger (one SQLite file) and the runner: 2 rows at a time, at most 1 create request per second.
await using var ledger = new SqliteVideoJobLedger(emulator is null ? "batch.jobs.db" : Path.Combine(Path.GetTempPath(), $"sora-sample-{Guid.NewGuid():N}.db"));
using var runner = new VideoJobRunner(ledger, generator, new VideoJobRunnerOptions
{
    OutputDirectory = "videos",
    MaxConcurrency = 2,
    MaxRequestsPerSecond = 1,
    Normalization = VideoNormalization.Nearest,
});

// 3. One keyed item per prompt; the key names the row in the ledger and the file on disk (videos/clip-1.mp4, ...).
var items = prompts.Select((prompt, i) => new VideoJobWorkItem($"clip-{i + 1}", new VideoGenerationRequest(prompt) { DurationSeconds = 4 }));
var progress = new Progress<VideoJobEntry>(row =>
    Console.WriteLine($"{row.Key,-8} {row.State,-11} {row.Reference?.ToString() ?? string.Empty} {(row.Progress is { } p ? $"{p}%" : string.Empty)}"));
var summary = await runner.RunAsync(items, progress);

// 4. What happened: per row, then the totals.
foreach (var result in summary.Results)
{
    Console.WriteLine($"{result.Key}: {result.Outcome}{(result.Resumed ? " (resumed)" : string.Empty)} {result.Entry.File?.Path ?? result.Message}");
}

Console.WriteLine($"Succeeded {summary.Succeeded}, failed {summary.Failed}, uncertain {summary.Uncertain}; estimated cost {string.Join(", ", summary.Cost.Select(c => $"{c.Value:0.00} {c.Key}"))}");
Console.WriteLine($"Ledger: {ledger.Path}");
return summary.AllSucceeded ? 0 : 1;
