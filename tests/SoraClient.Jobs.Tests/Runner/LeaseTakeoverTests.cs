using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Jobs.Tests.Runner;

/// <summary>
/// A worker that stalls past its lease loses its row to another worker; when it wakes up its next write to the row comes
/// after the other worker moved it on. That is the other worker's row now, reported as such, never an error that stops
/// the stalled worker's whole run (it did, in CI: "row 'clip-08' is Succeeded; 'record job state' cannot follow").
/// </summary>
public sealed class LeaseTakeoverTests : IAsyncLifetime
{
    private static readonly TimeSpan s_bounded = TimeSpan.FromSeconds(30); // bounded real wait for another task to get somewhere
    private readonly HttpClient _http = LoopbackHttp.CreateClient();
    private readonly TempFolder _folder = new();
    private readonly List<OpenAIVideoGenerator> _generators = [];
    private SoraEmulator _emulator = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _generators.ForEach(g => g.Dispose());
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task StalledWorker_WritesAfterAnotherFinishedItsRow_ReportsTheRowAsTheOtherWorkers()
    {
        // Worker A's clock stands still (it stalls); worker B lives 10 minutes later, past A's 1-minute lease.
        var clockA = new ManualTimeProvider();
        var clockB = new ManualTimeProvider(ManualTimeProvider.DefaultStart + TimeSpan.FromMinutes(10));
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromMinutes(5), TimeProvider = clockB });
        var path = _folder.File("ledger.db");
        await using var ledgerA = new SqliteVideoJobLedger(path, clockA);
        await using var ledgerB = new SqliteVideoJobLedger(path, clockB);
        using var a = Runner(ledgerA, clockA, "worker-a", poll: TimeSpan.FromSeconds(5)); // reads before its heartbeat (20 s)
        using var b = Runner(ledgerB, clockB, "worker-b", poll: TimeSpan.FromMinutes(10));

        var runA = a.RunAsync([new VideoJobWorkItem("fox", new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 })]);
        await UntilAsync(async () => (await ledgerB.GetAsync("fox")) is { State: VideoJobEntryState.Submitted } && clockA.ScheduledDelays.Contains(TimeSpan.FromSeconds(5))); // A waits for its poll

        var runB = b.ResumeAsync();
        await UntilAsync(async () => (await ledgerB.GetAsync("fox")) is { LeaseOwner: "worker-b" } && clockB.ScheduledDelays.Contains(TimeSpan.FromMinutes(10))); // B took the row and waits
        clockB.Advance(TimeSpan.FromMinutes(10)); // B reads the job finished and records it
        var taken = Assert.Single((await runB.WaitAsync(s_bounded)).Results);
        Assert.Equal(VideoJobOutcome.Succeeded, taken.Outcome);

        clockA.Advance(TimeSpan.FromSeconds(5)); // A wakes up: its poll reads the finished job, and its write comes too late
        var lost = Assert.Single((await runA.WaitAsync(s_bounded)).Results);

        Assert.Equal(VideoJobOutcome.OtherWorker, lost.Outcome);
        Assert.Contains("another worker took the row over", lost.Message, StringComparison.Ordinal);
        Assert.Equal(VideoJobEntryState.Succeeded, lost.Entry.State);
        Assert.Equal(1, _emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        Assert.Equal(VideoJobEntryState.Succeeded, (await ledgerA.GetAsync("fox"))!.State);
    }

    private static async Task UntilAsync(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + s_bounded;
        while (!await probe())
        {
            Assert.True(DateTime.UtcNow < deadline, "the workers did not get that far");
            await Task.Delay(20);
        }
    }

    private VideoJobRunner Runner(SqliteVideoJobLedger ledger, ManualTimeProvider time, string worker, TimeSpan poll)
    {
        var generator = new OpenAIVideoGenerator(_http, new OpenAIOptions { ProviderName = "openai", Endpoint = _emulator.OpenAIEndpoint, ApiKey = _emulator.ApiKey, MaxRetries = 0 }, time);
        _generators.Add(generator);
        return new(ledger, generator, new VideoJobRunnerOptions
        {
            WorkerId = worker,
            LeaseDuration = TimeSpan.FromMinutes(1),
            WaitOptions = new VideoWaitOptions { InitialDelay = poll, MinInterval = poll, MaxInterval = poll, Jitter = 0, Timeout = TimeSpan.FromHours(3), TimeProvider = time },
        }, time);
    }
}
