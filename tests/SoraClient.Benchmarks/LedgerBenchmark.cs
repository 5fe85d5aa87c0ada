using System.Diagnostics;
using System.Globalization;
using SoraClient.Emulator;
using SoraClient.Jobs;
using SoraClient.Jobs.Tests;
using SoraClient.Jobs.Tests.PostgreSql;
using SoraClient.Providers.OpenAI;

namespace SoraClient.Benchmarks;

/// <summary>
/// The PostgreSQL job ledger on a throwaway local cluster: what each ledger operation costs (statements sent, counted from
/// Npgsql's activities, and milliseconds, one operation at a time), and rows per minute with 1, 2 and 4 workers sharing one
/// batch on the emulator (each worker its own ledger instance and connections, 8 rows at once, no download).
/// </summary>
internal static class LedgerBenchmark
{
    private const int Operations = 300;
    private static long s_statements;

    public static async Task RunAsync()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _ => Interlocked.Increment(ref s_statements),
        };
        ActivitySource.AddActivityListener(listener);
        var cluster = new PostgreSqlCluster();
        await cluster.InitializeAsync();
        try
        {
            Console.WriteLine($"PostgreSQL ledger on a local throwaway cluster (fsync off), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            await CostPerOperationAsync(cluster.ConnectionString);
            Console.WriteLine();
            Console.WriteLine("| jobs last | rows | workers | wall time | rows per minute | statements per row |");
            Console.WriteLine("|---|---|---|---|---|---|");
            foreach (var (duration, rows) in new[] { (TimeSpan.FromSeconds(2), 96), (TimeSpan.FromMilliseconds(100), 240) })
            {
                foreach (var workers in new[] { 1, 2, 4 })
                {
                    await ThroughputAsync(cluster.ConnectionString, duration, rows, workers);
                }
            }
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    private static async Task CostPerOperationAsync(string connectionString)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using var ledger = new PostgreSqlVideoJobLedger(new PostgreSqlVideoJobLedgerOptions { ConnectionString = connectionString, Schema = schema });
        await using var limited = new PostgreSqlVideoJobLedger(new PostgreSqlVideoJobLedgerOptions { ConnectionString = connectionString, Schema = schema, MaxJobsInFlight = 1_000_000 });
        using var limiter = ledger.CreateRateLimiter("openai", 1_000_000, burst: 1_000_000);
        await ledger.ListAsync(); // migrated and warm
        await limited.ListAsync();
        var request = VideoJobRequest.From(new VideoGenerationRequest("a red fox in snow") { DurationSeconds = 4 });
        var keys = Enumerable.Range(0, Operations).Select(i => $"row-{i:000}").ToList();
        var limitedKeys = keys.Select(k => "limited-" + k).ToList();
        Console.WriteLine();
        Console.WriteLine($"Cost per operation ({Operations} each, one at a time; a transaction's BEGIN travels with its first statement, its COMMIT is one more round trip):");
        Console.WriteLine();
        Console.WriteLine("| operation | statements | ms (mean) | ms (p95) |");
        Console.WriteLine("|---|---|---|---|");
        await MeasureAsync("add a row (`GetOrAddAsync`)", keys.Concat(limitedKeys), k => ledger.GetOrAddAsync(k, "openai", request, null));
        await MeasureAsync("claim a row (`TryClaimAsync`)", keys.Concat(limitedKeys), k => ledger.TryClaimAsync(k, "worker", TimeSpan.FromMinutes(5)));
        await MeasureAsync("claim a batch of 50 (`ClaimAsync`, per row)", Enumerable.Range(0, 6).Select(i => i.ToString(CultureInfo.InvariantCulture)), _ => ledger.ClaimAsync("other", 50, TimeSpan.FromMinutes(5)), perCall: 50);
        await MeasureAsync("take a rate token (shared bucket row)", keys, _ => limiter.AcquireAsync(1).AsTask());
        await MeasureAsync("record the intent", keys, k => ledger.RecordIntentAsync(k));
        await MeasureAsync("record the intent under `MaxJobsInFlight`", limitedKeys, k => limited.RecordIntentAsync(k));
        await MeasureAsync("record the job reference", keys, k => ledger.RecordSubmittedAsync(k, new VideoJob { Id = "video_" + k, Provider = "openai", Status = VideoJobStatus.Queued }));
        await MeasureAsync("record a state (`RecordJobAsync`, + NOTIFY)", keys, k => ledger.RecordJobAsync(k, new VideoJob { Id = "video_" + k, Provider = "openai", Status = VideoJobStatus.Running, Progress = 50 }));
        await MeasureAsync("heartbeat (lease renewal)", keys, k => ledger.TryClaimAsync(k, "worker", TimeSpan.FromMinutes(5)));
        await MeasureAsync("read a row (`GetAsync`, a woken wait's check)", keys, k => ledger.GetAsync(k));
        await MeasureAsync("release (`ReleaseAsync`)", keys, k => ledger.ReleaseAsync(k, "worker"));
    }

    private static async Task MeasureAsync(string name, IEnumerable<string> keys, Func<string, Task> operation, int perCall = 1)
    {
        var times = new List<double>();
        var before = Interlocked.Read(ref s_statements);
        foreach (var key in keys)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(key);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds / perCall);
        }

        var statements = (double)(Interlocked.Read(ref s_statements) - before) / (times.Count * perCall);
        times.Sort();
        Console.WriteLine(FormattableString.Invariant($"| {name} | {statements:0.##} | {times.Average():0.00} | {times[(int)(times.Count * 0.95)]:0.00} |"));
    }

    private static async Task ThroughputAsync(string connectionString, TimeSpan duration, int rows, int workers)
    {
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { JobDuration = duration, PollAfter = TimeSpan.FromMilliseconds(100) });
        using var http = LoopbackHttp.CreateClient();
        using var generator = new OpenAIVideoGenerator(http, new OpenAIOptions { ProviderName = "openai", Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey, MaxRetries = 0 });
        var items = Enumerable.Range(0, rows).Select(i => new VideoJobWorkItem($"row-{i:000}", new VideoGenerationRequest($"a red fox, take {i}") { DurationSeconds = 4 })).ToList();
        var ledgers = Enumerable.Range(0, workers).Select(_ => new PostgreSqlVideoJobLedger(new PostgreSqlVideoJobLedgerOptions { ConnectionString = connectionString, Schema = schema })).ToList();
        await ledgers[0].ListAsync(); // migrated before the clock starts
        var runners = ledgers.Select(l => new VideoJobRunner(l, generator, new VideoJobRunnerOptions
        {
            MaxConcurrency = 8,
            WaitOptions = new VideoWaitOptions { InitialDelay = TimeSpan.FromMilliseconds(100), MinInterval = TimeSpan.FromMilliseconds(100), MaxInterval = TimeSpan.FromMilliseconds(500), Timeout = TimeSpan.FromMinutes(5) },
        })).ToList();
        try
        {
            var before = Interlocked.Read(ref s_statements);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(runners.Select(r => Task.Run(() => r.RunAsync(items))));
            var elapsed = Stopwatch.GetElapsedTime(started);
            var statements = (double)(Interlocked.Read(ref s_statements) - before) / rows;
            var done = (await ledgers[0].ListAsync([VideoJobEntryState.Succeeded])).Count;
            var creates = emulator.Requests.Count(EmulatorProtocols.OpenAI, "POST", "/videos");
            if (done != rows || creates != rows)
            {
                throw new InvalidOperationException($"{done} of {rows} rows succeeded with {creates} creates");
            }

            Console.WriteLine(FormattableString.Invariant($"| {duration.TotalSeconds:0.#} s | {rows} | {workers} | {elapsed.TotalSeconds:0.0} s | {rows / elapsed.TotalMinutes:0} | {statements:0.#} |"));
        }
        finally
        {
            runners.ForEach(r => r.Dispose());
            foreach (var ledger in ledgers)
            {
                await ledger.DisposeAsync();
            }
        }
    }
}
