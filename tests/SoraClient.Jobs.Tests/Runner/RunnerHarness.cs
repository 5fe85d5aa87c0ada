using Microsoft.Data.Sqlite;
using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Jobs.Tests.Runner;

/// <summary>
/// An emulator on a fast-forwarding clock (a job's 8 seconds pass as soon as the client waits for them), an
/// OpenAI-protocol generator pointed at it, an SQLite ledger and an output folder.
/// </summary>
public sealed class RunnerHarness : IAsyncDisposable
{
    private readonly HttpClient _http = LoopbackHttp.CreateClient();

    private RunnerHarness(SoraEmulator emulator, FastForwardClock clock)
    {
        Emulator = emulator;
        Clock = clock;
        Generator = NewGenerator();
        Ledger = new SqliteVideoJobLedger(Folder.File("jobs.db"));
    }

    public FastForwardClock Clock { get; }

    public TempFolder Folder { get; } = new();

    public string Output => Path.Combine(Folder.Path, "videos");

    public SoraEmulator Emulator { get; }

    public IVideoGenerator Generator { get; }

    public SqliteVideoJobLedger Ledger { get; }

    public int Creates => Emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos");

    /// <summary>
    /// A lease whose heartbeat (a third of it) is longer than <see cref="FastForwardClock.Threshold"/>: a shorter one would be
    /// fast-forwarded beat after beat, racing the clock past the wait's deadline while a poll is still on the wire.
    /// </summary>
    public static readonly TimeSpan LongLease = FastForwardClock.LongTimeout;

    public VideoWaitOptions FastWait => new()
    {
        InitialDelay = TimeSpan.Zero,
        MinInterval = TimeSpan.FromMilliseconds(500),
        MaxInterval = TimeSpan.FromSeconds(2),
        Jitter = 0,
        Timeout = FastForwardClock.LongTimeout, // the wait's deadline is a timer too: a short one would be fast-forwarded
        TimeProvider = Clock.Time,
    };

    public static async Task<RunnerHarness> StartAsync()
    {
        var clock = new FastForwardClock();
        var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = clock.Time, PollAfter = TimeSpan.FromMilliseconds(500) });
        return new RunnerHarness(emulator, clock);
    }

    // The generator runs on the emulator's clock (expiry is judged on it); its own timeouts are long enough not to be fast-forwarded.
    public IVideoGenerator NewGenerator() =>
        new OpenAIVideoGenerator(_http, new OpenAIOptions
        {
            ProviderName = "openai",
            Endpoint = Emulator.OpenAIEndpoint,
            ApiKey = Emulator.ApiKey,
            MaxRetries = 0,
            RequestTimeout = FastForwardClock.LongTimeout,
            DownloadIdleTimeout = FastForwardClock.LongTimeout,
        }, Clock.Time);

    public VideoJobRunner Runner(VideoJobRunnerOptions? options = null)
    {
        options ??= new VideoJobRunnerOptions();
        options.LeaseDuration = LongLease;
        options.OutputDirectory ??= Output;
        options.WaitOptions ??= FastWait;
        return new VideoJobRunner(Ledger, Generator, options);
    }

    public static VideoJobWorkItem Item(string key, string? prompt = null) => new(key, new VideoGenerationRequest(prompt ?? $"a red fox in snow, take {key}") { DurationSeconds = 4 });

    public async ValueTask DisposeAsync()
    {
        Generator.Dispose();
        await Ledger.DisposeAsync();
        await Emulator.DisposeAsync();
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
