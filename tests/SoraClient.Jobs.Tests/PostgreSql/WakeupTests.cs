using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>
/// A worker waiting on a job on the PostgreSQL ledger wakes as soon as another instance records the job's final state
/// (<c>LISTEN/NOTIFY</c>), with no read of its own and no time passing on its clock, and keeps listening after the
/// database restarts.
/// </summary>
[Collection(PostgreSqlClusterGroup.Name)]
public sealed class WakeupTests(PostgreSqlCluster cluster) : IAsyncLifetime
{
    private static readonly TimeSpan s_notified = TimeSpan.FromSeconds(20); // bounded real wait for a notification
    private readonly string _schema = "wk_" + Guid.NewGuid().ToString("N");
    private readonly ManualTimeProvider _clock = new();
    private readonly HttpClient _http = LoopbackHttp.CreateClient();
    private SoraEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromMinutes(5), TimeProvider = _clock });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Wait_AnotherInstanceRecordsTheFinalState_WorkerFinishesAtOnceWithoutReading()
    {
        await using var ledger = Open();
        await using var other = Open();
        using var generator = Generator();
        using var runner = Runner(ledger, generator);

        var run = runner.RunAsync([new VideoJobWorkItem("fox", new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 })]);
        var submitted = await WaitForAsync(async () => (await other.GetAsync("fox")) is { State: VideoJobEntryState.Submitted } row && Reads() == 1 ? row : null);
        Assert.Equal(1, Reads()); // the wait's first read; the next is due 10 minutes later on the worker's clock

        // The webhook receiver (or another worker) confirmed the job finished and recorded it.
        await other.RecordJobAsync("fox", new VideoJob { Id = submitted.JobId!, Provider = "openai", Status = VideoJobStatus.Succeeded, Progress = 100 });

        var summary = await run.WaitAsync(s_notified);
        var result = Assert.Single(summary.Results);
        Assert.Equal(VideoJobOutcome.Succeeded, result.Outcome);
        Assert.Equal(1, Reads());
        Assert.Equal(1, _emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        Assert.Equal(ManualTimeProvider.DefaultStart, _clock.GetUtcNow());
    }

    [Fact]
    public async Task Wait_AStateThatIsNotFinal_DoesNotEndTheWait()
    {
        await using var ledger = Open();
        using var generator = Generator();
        using var runner = Runner(ledger, generator);

        var run = runner.RunAsync([new VideoJobWorkItem("fox", new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 })]);
        var submitted = await WaitForAsync(async () => (await ledger.GetAsync("fox")) is { State: VideoJobEntryState.Submitted } row && Reads() == 1 ? row : null);
        await using (var other = Open())
        {
            await other.RecordJobAsync("fox", new VideoJob { Id = submitted.JobId!, Provider = "openai", Status = VideoJobStatus.Running, Progress = 40 });
        }

        // Still waiting: the next read comes at its time, and finds the emulator's job still running.
        await Task.Delay(200);
        Assert.False(run.IsCompleted);
        Assert.Equal(1, Reads());
        _clock.Advance(TimeSpan.FromMinutes(10)); // the emulator finished the job after 5 minutes
        var summary = await run.WaitAsync(s_notified);
        var result = Assert.Single(summary.Results);
        Assert.True(result.Outcome == VideoJobOutcome.Succeeded, $"{result.Outcome}: {result.Message}");
        Assert.True(Reads() >= 2);
    }

    [Fact]
    public async Task Wait_AfterTheDatabaseRestarts_ListensAgainAndStillWakes()
    {
        await using var ledger = Open();
        using var generator = Generator();
        using var runner = Runner(ledger, generator);

        var run = runner.RunAsync([new VideoJobWorkItem("fox", new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 })]);
        var submitted = await WaitForAsync(async () => (await ledger.GetAsync("fox")) is { State: VideoJobEntryState.Submitted } row && Reads() == 1 ? row : null);

        await cluster.RestartAsync();
        // Listening again waits 0 s after the loss, then 1 s, 2 s... on the worker's clock: give it those seconds.
        await using var other = Open();
        await other.RecordJobAsync("fox", new VideoJob { Id = submitted.JobId!, Provider = "openai", Status = VideoJobStatus.Succeeded, Progress = 100 });
        var deadline = DateTime.UtcNow + s_notified;
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        var summary = await run.WaitAsync(s_notified);
        Assert.Equal(VideoJobOutcome.Succeeded, Assert.Single(summary.Results).Outcome);
        Assert.Equal(1, Reads()); // woken by the ledger (the missed change is checked once listening resumes), not by a read
        Assert.True(_clock.GetUtcNow() - ManualTimeProvider.DefaultStart < TimeSpan.FromMinutes(10), "the worker waited for its next read");
    }

    private int Reads() => _emulator.Requests.Count(EmulatorProtocols.OpenAI, "GET", "/videos/*");

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + s_notified;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "the worker did not get that far");
            await Task.Delay(20);
        }
    }

    private PostgreSqlVideoJobLedger Open() =>
        new(new PostgreSqlVideoJobLedgerOptions { ConnectionString = cluster.ConnectionString, Schema = _schema }, _clock);

    private OpenAIVideoGenerator Generator() =>
        new(_http, new OpenAIOptions { ProviderName = "openai", Endpoint = _emulator.OpenAIEndpoint, ApiKey = _emulator.ApiKey, MaxRetries = 0 }, _clock);

    private VideoJobRunner Runner(PostgreSqlVideoJobLedger ledger, OpenAIVideoGenerator generator) =>
        new(ledger, generator, new VideoJobRunnerOptions
        {
            WaitOptions = new VideoWaitOptions { InitialDelay = TimeSpan.FromMinutes(10), MinInterval = TimeSpan.FromMinutes(10), MaxInterval = TimeSpan.FromMinutes(10), Jitter = 0, Timeout = TimeSpan.FromHours(3), TimeProvider = _clock },
        }, _clock);
}
