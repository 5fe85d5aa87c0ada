using SoraClient.Emulator;
using SoraClient.IntegrationTests.Support;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;
using Xunit.Abstractions;

namespace SoraClient.IntegrationTests.RateLimit;

/// <summary>
/// <see cref="VideoProviderOptions.MaxRequestsPerSecond"/> measured where the gateway sees it: many jobs submitted and waited
/// on at once over real sockets, and the emulator's own request log counted per second of the shared manual clock.
/// </summary>
public sealed class RegistrationRateLimitTests(ITestOutputHelper output)
{
    private const double Rate = 20;

    // 1,000 jobs (5,000 requests) by default; SORA_RATE_LIMIT_JOBS=10000 is the long form (about 50,000 requests).
    private static readonly int s_jobs = int.TryParse(Environment.GetEnvironmentVariable("SORA_RATE_LIMIT_JOBS"), System.Globalization.CultureInfo.InvariantCulture, out var jobs) ? jobs : 1_000;

    [Fact]
    public async Task ManyWaits_NeverExceedTheRegistrationsRate_InAnySecondOfTheGatewaysLog()
    {
        var time = new ManualTimeProvider();
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = time, JobDuration = TimeSpan.FromMinutes(3), RequestLogCapacity = s_jobs * 10 });
        using var driver = new ClockDriver(time);
        using var generator = new OpenAIVideoGenerator(driver.Http,
            new OpenAIOptions { Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey, MaxRequestsPerSecond = Rate }, time);
        var start = time.GetUtcNow();

        var waits = Enumerable.Range(0, s_jobs).Select(async i =>
        {
            var job = await generator.SubmitAsync(new VideoGenerationRequest($"clip {i}"));
            return await generator.WaitForCompletionAsync(job, new VideoWaitOptions { Timeout = TimeSpan.FromDays(1) });
        }).ToList();
        var finished = await driver.RunAsync(waits);

        Assert.All(finished, job => Assert.Equal(VideoJobStatus.Succeeded, job.Status));
        var log = emulator.Requests.All.Where(r => r.Protocol == EmulatorProtocols.OpenAI).ToList();
        Assert.Equal(s_jobs, log.Count(r => r.Method == "POST")); // every job created once
        var perSecond = log.GroupBy(r => (long)Math.Floor((r.Timestamp - start).TotalSeconds)).Select(second => second.Count()).ToList();
        Assert.True(perSecond.Max() <= Rate, $"{perSecond.Max()} requests within one second; the limit is {Rate}");
        output.WriteLine($"{s_jobs} jobs: {log.Count} requests over {perSecond.Count} s of the clock, at most {perSecond.Max()} in one second (limit {Rate}), {log.Count / (double)s_jobs:0.0} per job");
        Assert.True(perSecond.Max() >= Rate - 1, $"at most {perSecond.Max()} requests in a second: the test did not load the limit"); // so the bound above means something
    }
}
