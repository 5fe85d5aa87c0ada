using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>
/// Several workers (each with its own ledger instance, so its own connections) run one batch on one PostgreSQL
/// ledger against the emulator, in real time: every row is created exactly once, the rows of a worker that died
/// holding them are taken over and resumed without a new create, and one rate limit holds across all of them.
/// </summary>
[Collection(PostgreSqlClusterGroup.Name)]
public sealed class MultiWorkerTests(PostgreSqlCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const double Rate = 20;
    private readonly string _schema = "mw_" + Guid.NewGuid().ToString("N");
    private readonly HttpClient _http = LoopbackHttp.CreateClient();
    private readonly TempFolder _folder = new();
    private SoraEmulator _emulator = null!;

    private string ConnectionString => cluster.ConnectionString;

    public async Task InitializeAsync() =>
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = TimeSpan.FromMilliseconds(500), PollAfter = TimeSpan.FromMilliseconds(100) });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task ThreeWorkers_OneBatch_EachRowCreatedOnce_DeadWorkersRowsTakenOver_AggregateRateHeld()
    {
        var items = Enumerable.Range(0, 24).Select(i => new VideoJobWorkItem($"row-{i:00}", new VideoGenerationRequest($"a red fox, take {i}") { DurationSeconds = 4 })).ToList();
        var dead = Enumerable.Range(0, 4).Select(i => new VideoJobWorkItem($"dead-{i}", new VideoGenerationRequest($"a lighthouse, take {i}") { DurationSeconds = 4 })).ToList();
        var deadLeaseEnds = await LeaveRowsOfADeadWorkerAsync(dead, TimeSpan.FromSeconds(1));

        var workers = Enumerable.Range(0, 3).Select(_ => new Worker(this)).ToList();
        try
        {
            var runs = await Task.WhenAll(workers.Select(w => Task.Run(() => w.Runner.RunAsync([.. items, .. dead]))));
            var delay = deadLeaseEnds - TimeProvider.System.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay); // the dead worker's lease runs out on the real clock
            }

            var resumed = await Task.WhenAll(workers.Select(w => Task.Run(() => w.Runner.ResumeAsync())));

            // Every row is downloaded, each by exactly one worker; the dead worker's rows were resumed, not recreated.
            var rows = await workers[0].Ledger.ListAsync();
            Assert.Equal(28, rows.Count);
            Assert.All(rows, row => Assert.Equal(VideoJobEntryState.Downloaded, row.State));
            Assert.All(rows, row => Assert.Equal(1, row.Attempts));
            Assert.Equal(28, _emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
            var downloadedBy = runs.Concat(resumed).SelectMany(r => r.Results).Where(r => r.Outcome == VideoJobOutcome.Downloaded && !r.AlreadyFinished).ToList();
            Assert.Equal(28, downloadedBy.Count);
            Assert.Equal(28, downloadedBy.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
            // The dead worker's rows were taken over once its lease ran out (late in the run, or by the resume): waited on, not recreated.
            var takenOver = downloadedBy.Where(r => r.Key.StartsWith("dead-", StringComparison.Ordinal)).ToList();
            Assert.Equal(4, takenOver.Count);
            Assert.All(takenOver, r => Assert.True(r.Resumed));

            // Every request of the three workers (creates, reads, downloads), as the emulator saw them: the shared bucket
            // gives each attempt its token as it is sent; over any 5 s the rate holds at the gateway (RateWindows says why 5).
            var requests = _emulator.Requests.All.Select(r => r.Timestamp).Order().Skip(4).ToList(); // after the dead worker's 4 creates
            var busiestSecond = RateWindows.Busiest(requests, TimeSpan.FromSeconds(1));
            var busiestFive = RateWindows.Busiest(requests, TimeSpan.FromSeconds(5));
            var overall = (requests.Count - 1) / (requests[^1] - requests[0]).TotalSeconds;
            output.WriteLine(FormattableString.Invariant($"{requests.Count} requests by 3 workers: busiest second {busiestSecond}, busiest 5 s {busiestFive}, overall {overall:0.00}/s (limit {Rate}/s); 28 creates for 28 rows"));
            Assert.True(busiestFive <= RateWindows.Allowed(Rate, TimeSpan.FromSeconds(5)), $"{busiestFive} requests in 5 s with a shared limit of {Rate}/s");
            Assert.True(overall <= Rate, $"{overall:0.0} requests/s overall with a shared limit of {Rate}/s");
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>Submits rows as a worker that then died: intent, create, job recorded, lease held until it runs out.</summary>
    private async Task<DateTimeOffset> LeaveRowsOfADeadWorkerAsync(IEnumerable<VideoJobWorkItem> items, TimeSpan lease)
    {
        await using var ledger = new PostgreSqlVideoJobLedger(new PostgreSqlVideoJobLedgerOptions { ConnectionString = cluster.ConnectionString, Schema = _schema });
        using var generator = Generator();
        foreach (var item in items)
        {
            await ledger.GetOrAddAsync(item.Key, "openai", VideoJobRequest.From(item.Request, null), null);
            Assert.True(await ledger.TryClaimAsync(item.Key, "dead-worker", lease));
            await ledger.RecordIntentAsync(item.Key);
            await ledger.RecordSubmittedAsync(item.Key, await generator.SubmitAsync(item.Request));
        }

        return TimeProvider.System.GetUtcNow() + lease;
    }

    private OpenAIVideoGenerator Generator(System.Threading.RateLimiting.RateLimiter? limiter = null) =>
        new(_http, new OpenAIOptions { ProviderName = "openai", Endpoint = _emulator.OpenAIEndpoint, ApiKey = _emulator.ApiKey, MaxRetries = 0, RateLimiter = limiter });

    private sealed class Worker : IAsyncDisposable
    {
        private readonly OpenAIVideoGenerator _generator;
        private readonly System.Threading.RateLimiting.RateLimiter _limiter;

        public Worker(MultiWorkerTests test)
        {
            Ledger = new PostgreSqlVideoJobLedger(new PostgreSqlVideoJobLedgerOptions { ConnectionString = test.ConnectionString, Schema = test._schema });
            _limiter = Ledger.CreateRateLimiter("openai", Rate);
            _generator = test.Generator(_limiter);
            Runner = new VideoJobRunner(Ledger, _generator, new VideoJobRunnerOptions
            {
                OutputDirectory = Path.Combine(test._folder.Path, "videos"),
                MaxConcurrency = 4,
                LeaseDuration = TimeSpan.FromSeconds(30),
                WaitOptions = new VideoWaitOptions { InitialDelay = TimeSpan.Zero, MinInterval = TimeSpan.FromMilliseconds(100), MaxInterval = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromMinutes(2) },
            });
        }

        public PostgreSqlVideoJobLedger Ledger { get; }

        public VideoJobRunner Runner { get; }

        public async ValueTask DisposeAsync()
        {
            Runner.Dispose();
            _generator.Dispose();
            _limiter.Dispose();
            await Ledger.DisposeAsync();
        }
    }
}
