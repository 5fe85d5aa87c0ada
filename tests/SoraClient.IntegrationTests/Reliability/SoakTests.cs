using System.Diagnostics;
using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Providers.AceData;
using SoraClient.Providers.AIVideoApi;
using SoraClient.Providers.GrsAI;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;
using Xunit.Abstractions;

namespace SoraClient.IntegrationTests.Reliability;

/// <summary>
/// Jobs over all four protocols at once on the emulator, over real sockets, with 10 % of the gateway's answers faulted at
/// random (seeded): every job ends accounted for, no prompt ever makes two jobs, no task exception goes unobserved, and
/// threads and memory come back to where they were.
/// </summary>
[Collection(Name)] // alone: threads and memory are measured for the whole process
public sealed class SoakTests(ITestOutputHelper output)
{
    public const string Name = "Soak (runs alone)";

    private const int Seed = 20261203;

    // 25 per protocol (100 jobs) by default; SORA_SOAK_JOBS=250 for the long form (1,000 jobs).
    private static readonly int s_jobsPerProtocol =
        int.TryParse(Environment.GetEnvironmentVariable("SORA_SOAK_JOBS"), System.Globalization.CultureInfo.InvariantCulture, out var jobs) ? jobs : 25;

    [Fact]
    public async Task FourProtocols_TenPercentOfAnswersFaulted_EveryJobAccountedFor_NoDuplicateCreates()
    {
        await RunSoakAsync(jobsPerProtocol: 2); // warm-up: what the first run loads and caches for good is not growth
        var unobserved = 0;
        void Count(object? sender, UnobservedTaskExceptionEventArgs e) => Interlocked.Increment(ref unobserved);
        TaskScheduler.UnobservedTaskException += Count;
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var threadsBefore = Process.GetCurrentProcess().Threads.Count;
        WeakReference? emulator = null;
        try
        {
            var (outcomes, created, requests, emulatorRef) = await RunSoakAsync(s_jobsPerProtocol);
            emulator = emulatorRef;

            output.WriteLine($"{outcomes.Count} jobs, {requests} requests: " + string.Join(", ", outcomes.GroupBy(o => o.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")));
            Assert.Equal(4 * s_jobsPerProtocol, outcomes.Count);
            Assert.All(outcomes, o => Assert.False(string.IsNullOrEmpty(o.Kind == "succeeded" ? o.JobId : o.Reason), $"{o.Prompt}: {o.Kind} without {(o.Kind == "succeeded" ? "a job id" : "a reason")}"));
            Assert.All(outcomes.Where(o => o.Kind is "succeeded" or "failed" or "wait failed"), o => Assert.False(string.IsNullOrEmpty(o.JobId), $"{o.Prompt}: {o.Kind} without its job id"));
            Assert.True(outcomes.Count(o => o.Kind == "succeeded") >= outcomes.Count * 3 / 4, "most jobs should succeed despite the faults");

            // Zero duplicate creates: no prompt made two jobs, and every job reported made exactly one.
            Assert.All(created, pair => Assert.True(pair.Value == 1, $"'{pair.Key}' was created {pair.Value} times"));
            Assert.All(outcomes.Where(o => o.JobId is not null), o => Assert.True(created.ContainsKey(o.Prompt), $"{o.Prompt}: no job at the gateway"));
        }
        finally
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            TaskScheduler.UnobservedTaskException -= Count;
        }

        // The in-process emulator (with its request log and jobs, about 15 KB a job) is still reachable for a moment after
        // its disposal, while its server connections finish closing; the SDK's memory is measured once it is gone.
        var waited = Stopwatch.StartNew();
        while (emulator!.IsAlive && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(50);
        }

        Assert.False(emulator.IsAlive, "the emulator is still reachable 10 s after its disposal");
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var threadsAfter = Process.GetCurrentProcess().Threads.Count;
        output.WriteLine($"managed memory {memoryBefore / 1024} KB before, {memoryAfter / 1024} KB after (the emulator gone after {waited.ElapsedMilliseconds} ms); threads {threadsBefore} before, {threadsAfter} after");
        Assert.Equal(0, Volatile.Read(ref unobserved));
        Assert.True(memoryAfter - memoryBefore < 8 * 1024 * 1024, $"managed memory grew by {(memoryAfter - memoryBefore) / 1024} KB");
        Assert.True(threadsAfter <= Math.Max(threadsBefore, 32) + 16, $"threads grew from {threadsBefore} to {threadsAfter}");
    }

    private static async Task<(List<Outcome> Outcomes, Dictionary<string, int> Created, int Requests, WeakReference Emulator)> RunSoakAsync(int jobsPerProtocol)
    {
        var time = new ManualTimeProvider();
        // The log keeps every request (about 20 a job), so the count reported is the whole run's even in the long form.
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = time, JobDuration = TimeSpan.FromMinutes(2), RequestLogCapacity = Math.Max(10_000, jobsPerProtocol * 4 * 100) });
        EmulatorFault[] faults =
        [
            EmulatorFault.ServerError(503, EmulatorFault.Unlimited), // not accepted: a create is retried
            EmulatorFault.ServerError(500, EmulatorFault.Unlimited), // may have been accepted: a create is uncertain
            EmulatorFault.RateLimit(TimeSpan.FromSeconds(1), EmulatorFault.Unlimited),
            EmulatorFault.DropConnection(EmulatorFault.Unlimited),
            EmulatorFault.TruncateBody(16, EmulatorFault.Unlimited), // after a create, the job exists: uncertain
        ];
        for (var i = 0; i < faults.Length; i++)
        {
            emulator.Faults.Add(faults[i].WithProbability(0.02, Seed + i)); // 5 × 2 % = 10 % of answers
        }

        using var driver = new ClockDriver(time);
        using var openai = new OpenAIVideoGenerator(driver.Http, new OpenAIOptions { Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey }, time);
        using var grsai = new GrsAIVideoGenerator(driver.Http, new GrsAIOptions { Endpoint = emulator.GrsAIEndpoint, ApiKey = emulator.ApiKey }, time);
        using var acedata = new AceDataVideoGenerator(driver.Http, new AceDataOptions { Endpoint = emulator.AceDataEndpoint, ApiKey = emulator.ApiKey }, time);
        using var aivideoapi = new AIVideoApiVideoGenerator(driver.Http, new AIVideoApiOptions { Endpoint = emulator.AIVideoApiEndpoint, ApiKey = emulator.ApiKey }, time);
        IVideoGenerator[] generators = [openai, grsai, acedata, aivideoapi];

        var runs = generators
            .SelectMany(generator => Enumerable.Range(0, jobsPerProtocol).Select(i => RunJobAsync(generator, $"soak {generator.GetService<VideoGeneratorMetadata>()!.ProviderName} {i}")))
            .ToList();
        var outcomes = await driver.RunAsync(runs);

        var created = emulator.Jobs.List().GroupBy(job => job.Prompt, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return ([.. outcomes], created, emulator.Requests.All.Count, new WeakReference(emulator));
    }

    /// <summary>Submits and waits, turning every documented failure into an outcome; anything else fails the test.</summary>
    private static async Task<Outcome> RunJobAsync(IVideoGenerator generator, string prompt)
    {
        VideoJob job;
        try
        {
            job = await generator.SubmitAsync(new VideoGenerationRequest(prompt));
        }
        catch (VideoSubmissionUncertainException ex)
        {
            return new(prompt, "uncertain", null, ex.Message);
        }
        catch (VideoProviderException ex)
        {
            return new(prompt, "refused", null, ex.Message); // the gateway provably did not take it, retries used up
        }

        try
        {
            var done = await generator.WaitForCompletionAsync(job, new VideoWaitOptions { Timeout = TimeSpan.FromDays(1) });
            return done.Status == VideoJobStatus.Succeeded
                ? new(prompt, "succeeded", done.Id, null)
                : new(prompt, "failed", done.Id, done.Error?.Message ?? done.Status.ToString());
        }
        catch (VideoProviderException ex)
        {
            return new(prompt, "wait failed", job.Id, ex.Message);
        }
    }

    private sealed record Outcome(string Prompt, string Kind, string? JobId, string? Reason);
}
