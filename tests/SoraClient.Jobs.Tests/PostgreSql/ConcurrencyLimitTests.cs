using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Jobs.Tests.PostgreSql;

/// <summary>
/// The concurrent-jobs limit of a provider registration holds across every worker on one PostgreSQL ledger: two workers,
/// each allowed 6 rows at once, never have more than 3 jobs running at the gateway together. Real time, short jobs.
/// </summary>
[Collection(PostgreSqlClusterGroup.Name)]
public sealed class ConcurrencyLimitTests(PostgreSqlCluster cluster, Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int Limit = 3;
    private static readonly TimeSpan s_jobDuration = TimeSpan.FromMilliseconds(400);
    private readonly string _schema = "cl_" + Guid.NewGuid().ToString("N");
    private readonly HttpClient _http = LoopbackHttp.CreateClient();
    private SoraEmulator _emulator = null!;

    public async Task InitializeAsync() =>
        _emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = s_jobDuration, PollAfter = TimeSpan.FromMilliseconds(50) });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public void Options_ALimitBelowOne_IsRefusedBeforeAnyConnection()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlVideoJobLedger(new PostgreSqlVideoJobLedgerOptions { ConnectionString = "Host=127.0.0.1", MaxJobsInFlight = 0 }));
        Assert.Contains("MaxJobsInFlight must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoWorkers_OneBatch_NeverMoreJobsInFlightThanTheLimit()
    {
        var items = Enumerable.Range(0, 16).Select(i => new VideoJobWorkItem($"row-{i:00}", new VideoGenerationRequest($"a red fox, take {i}") { DurationSeconds = 4 })).ToList();
        await using var first = Open();
        await using var second = Open();
        using var generator = new OpenAIVideoGenerator(_http, new OpenAIOptions { ProviderName = "openai", Endpoint = _emulator.OpenAIEndpoint, ApiKey = _emulator.ApiKey, MaxRetries = 0 });
        using var a = Runner(first, generator);
        using var b = Runner(second, generator);

        var runs = await Task.WhenAll(Task.Run(() => a.RunAsync(items)), Task.Run(() => b.RunAsync(items)));

        var done = runs.SelectMany(r => r.Results).Where(r => r.Outcome == VideoJobOutcome.Succeeded && !r.AlreadyFinished).ToList();
        Assert.Equal(16, done.Select(r => r.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(16, _emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos"));
        Assert.All(runs, run => Assert.Contains(run.Results, r => r.Outcome == VideoJobOutcome.Succeeded && !r.AlreadyFinished)); // both worked

        // A job runs at the gateway for its duration from its create; a slot is freed only once a read saw it finished, so
        // the creates of any window of one job duration are the jobs running together (less a margin for log timing).
        var creates = _emulator.Requests.All.Where(r => r is { Method: "POST" } && r.Path.EndsWith("/videos", StringComparison.Ordinal)).Select(r => r.Timestamp).Order().ToList();
        var window = s_jobDuration - TimeSpan.FromMilliseconds(30);
        var most = creates.Max(t => creates.Count(u => u >= t && u < t + window));
        output.WriteLine($"16 rows, 2 workers x 6 at once, limit {Limit}: at most {most} jobs running at once");
        Assert.True(most <= Limit, $"{most} jobs ran at once with a limit of {Limit}");
        Assert.True(most >= 2, "the workers never ran jobs side by side, so the test shows nothing");
    }

    private PostgreSqlVideoJobLedger Open() =>
        new(new PostgreSqlVideoJobLedgerOptions { ConnectionString = cluster.ConnectionString, Schema = _schema, MaxJobsInFlight = Limit });

    private static VideoJobRunner Runner(PostgreSqlVideoJobLedger ledger, OpenAIVideoGenerator generator) =>
        new(ledger, generator, new VideoJobRunnerOptions
        {
            MaxConcurrency = 6,
            LeaseDuration = TimeSpan.FromSeconds(30),
            WaitOptions = new VideoWaitOptions { InitialDelay = TimeSpan.Zero, MinInterval = TimeSpan.FromMilliseconds(50), MaxInterval = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromMinutes(2) },
        });
}
