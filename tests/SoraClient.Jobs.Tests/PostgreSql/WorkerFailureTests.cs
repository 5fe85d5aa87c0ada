using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>
/// What goes wrong between workers sharing one PostgreSQL ledger: a worker whose heartbeat stops loses its row to another,
/// which waits on the stored job instead of creating it again; the database restarts in the middle of a batch; two workers
/// race for the same rows. In every case each row is created exactly once.
/// </summary>
[Collection(PostgreSqlClusterGroup.Name)]
public sealed class WorkerFailureTests(PostgreSqlCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan s_bounded = TimeSpan.FromSeconds(30); // bounded real wait for another task to get somewhere
    private readonly string _schema = "wf_" + Guid.NewGuid().ToString("N");
    private readonly HttpClient _http = LoopbackHttp.CreateClient();
    private readonly TempFolder _folder = new();
    private SoraEmulator? _emulator;

    private SoraEmulator Emulator => _emulator!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Heartbeat_StopsRenewing_AnotherWorkerTakesTheRowAndWaitsOnTheStoredJob_NeverCreatesAgain()
    {
        // Worker A's clock stands still (its heartbeat never beats); worker B lives 10 minutes later, past A's 1-minute lease.
        var clockA = new ManualTimeProvider();
        var clockB = new ManualTimeProvider(ManualTimeProvider.DefaultStart + TimeSpan.FromMinutes(10));
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromMinutes(5), TimeProvider = clockB });
        await using var ledgerA = Open(clockA);
        await using var ledgerB = Open(clockB);
        using var generatorA = Generator(clockA);
        using var generatorB = Generator(clockB);
        using var a = Runner(ledgerA, generatorA, clockA, "worker-a");
        using var b = Runner(ledgerB, generatorB, clockB, "worker-b");

        var runA = a.RunAsync([new VideoJobWorkItem("fox", new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 })]);
        await UntilAsync(async () => (await ledgerB.GetAsync("fox")) is { State: VideoJobEntryState.Submitted } && Reads() == 1);

        var runB = b.ResumeAsync();
        await UntilAsync(async () => (await ledgerB.GetAsync("fox")) is { LeaseOwner: "worker-b" } && Reads() == 2); // B took the row and read the job

        clockA.Advance(TimeSpan.FromSeconds(20)); // A's heartbeat beats at last, and finds the row taken
        var lost = Assert.Single((await runA.WaitAsync(s_bounded)).Results);
        Assert.Equal(VideoJobOutcome.OtherWorker, lost.Outcome);
        Assert.Contains("another worker took the row over", lost.Message, StringComparison.Ordinal);

        clockB.Advance(TimeSpan.FromMinutes(10)); // B's next read finds the job finished
        var taken = Assert.Single((await runB.WaitAsync(s_bounded)).Results);
        Assert.Equal(VideoJobOutcome.Succeeded, taken.Outcome);
        Assert.True(taken.Resumed);
        Assert.Equal(1, Emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        Assert.Equal(1, (await ledgerB.GetAsync("fox"))!.Attempts);
        Assert.Equal(3, Reads()); // A once, B twice: A stopped reading once it lost the row
    }

    [Fact]
    public async Task TwoWorkers_RaceForTheSameRows_EachRowIsSubmittedByExactlyOne()
    {
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(200), PollAfter = TimeSpan.FromMilliseconds(50) });
        var items = Enumerable.Range(0, 20).Select(i => new VideoJobWorkItem($"row-{i:00}", new VideoGenerationRequest($"a red fox, take {i}") { DurationSeconds = 4 })).ToList();
        await using var ledgerA = Open(TimeProvider.System);
        await using var ledgerB = Open(TimeProvider.System);
        using var generator = Generator(TimeProvider.System);
        using var a = Runner(ledgerA, generator, TimeProvider.System, "worker-a", maxConcurrency: 20, download: true);
        using var b = Runner(ledgerB, generator, TimeProvider.System, "worker-b", maxConcurrency: 20, download: true);

        using var start = new Barrier(2);
        var runs = await Task.WhenAll(Task.Run(() => { start.SignalAndWait(); return a.RunAsync(items); }), Task.Run(() => { start.SignalAndWait(); return b.RunAsync(items); }));

        Assert.Equal(20, Emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        foreach (var item in items)
        {
            var results = runs.Select(r => r.Results.Single(x => x.Key == item.Key)).ToList();
            Assert.Single(results, r => r.Outcome == VideoJobOutcome.Downloaded && !r.AlreadyFinished);
        }

        Assert.All(await ledgerA.ListAsync(), row => Assert.Equal(1, row.Attempts));
    }

    [Fact]
    public async Task Database_RestartsMidBatch_WorkersReconnectAndCarryOn_NoRowCreatedTwice()
    {
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(300), PollAfter = TimeSpan.FromMilliseconds(50) });
        var items = Enumerable.Range(0, 30).Select(i => new VideoJobWorkItem($"row-{i:00}", new VideoGenerationRequest($"a red fox, take {i}") { DurationSeconds = 4 })).ToList();
        var ledgers = Enumerable.Range(0, 3).Select(_ => Open(TimeProvider.System)).ToList();
        var limiters = ledgers.Select(l => l.CreateRateLimiter("openai", 10)).ToList(); // every request waits on the database too
        var generators = limiters.Select(l => Generator(TimeProvider.System, l)).ToList();
        var runners = ledgers.Select((l, i) => Runner(l, generators[i], TimeProvider.System, $"worker-{i}", maxConcurrency: 4)).ToList();
        try
        {
            var runs = Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(items))));
            await UntilAsync(() => Task.FromResult(Emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos") >= 10));
            await cluster.RestartAsync();
            var createsAtRestart = Emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos");

            await runs.WaitAsync(TimeSpan.FromMinutes(2));

            var rows = await ledgers[0].ListAsync();
            output.WriteLine($"restarted after {createsAtRestart} of 30 creates; outcomes: {string.Join(", ", rows.GroupBy(r => r.State).Select(g => $"{g.Key} {g.Count()}"))}");
            Assert.True(createsAtRestart < 30, "the batch was over before the restart, so the test shows nothing");
            Assert.Equal(30, rows.Count);
            Assert.All(rows, row => Assert.Equal(VideoJobEntryState.Succeeded, row.State));
            Assert.All(rows, row => Assert.Equal(1, row.Attempts));
            Assert.Equal(30, Emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        }
        finally
        {
            runners.ForEach(r => r.Dispose());
            generators.ForEach(g => g.Dispose());
            limiters.ForEach(l => l.Dispose());
            foreach (var ledger in ledgers)
            {
                await ledger.DisposeAsync();
            }
        }
    }

    private int Reads() => Emulator.Requests.Count(EmulatorProtocols.OpenAI, "GET", "/videos/*");

    private static async Task UntilAsync(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + s_bounded;
        while (!await probe())
        {
            Assert.True(DateTime.UtcNow < deadline, "the workers did not get that far");
            await Task.Delay(20);
        }
    }

    private PostgreSqlVideoJobLedger Open(TimeProvider time) =>
        new(new PostgreSqlVideoJobLedgerOptions { ConnectionString = cluster.ConnectionString, Schema = _schema }, time);

    private OpenAIVideoGenerator Generator(TimeProvider time, System.Threading.RateLimiting.RateLimiter? limiter = null) =>
        new(_http, new OpenAIOptions { ProviderName = "openai", Endpoint = Emulator.OpenAIEndpoint, ApiKey = Emulator.ApiKey, MaxRetries = 0, RateLimiter = limiter }, time);

    private VideoJobRunner Runner(PostgreSqlVideoJobLedger ledger, OpenAIVideoGenerator generator, TimeProvider time, string worker,
        int maxConcurrency = 4, bool download = false)
    {
        var manual = time is ManualTimeProvider;
        return new(ledger, generator, new VideoJobRunnerOptions
        {
            WorkerId = worker,
            MaxConcurrency = maxConcurrency,
            OutputDirectory = download ? Path.Combine(_folder.Path, worker) : null,
            LeaseDuration = manual ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(30),
            WaitOptions = manual
                ? new VideoWaitOptions { InitialDelay = TimeSpan.FromMinutes(10), MinInterval = TimeSpan.FromMinutes(10), MaxInterval = TimeSpan.FromMinutes(10), Jitter = 0, Timeout = TimeSpan.FromHours(3), TimeProvider = time }
                : new VideoWaitOptions { InitialDelay = TimeSpan.Zero, MinInterval = TimeSpan.FromMilliseconds(50), MaxInterval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMinutes(2) },
        }, time);
    }
}
