using SoraClient.Emulator;
using SoraClient.Providers.OpenAI;
using SoraClient.Testing;

namespace SoraClient.IntegrationTests.Readme;

/// <summary>
/// The README's "Testing your code" path, as written there: one manual clock, starting in 2000 like
/// FakeTimeProvider, given to both the emulator and the generator.
/// </summary>
public sealed class TestingYourCodeTests
{
    private static readonly DateTimeOffset s_fakeTimeProviderEpoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task OneClockForEmulatorAndGenerator_JobSucceedsWithoutWaiting()
    {
        var clock = new ManualTimeProvider(s_fakeTimeProviderEpoch);
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = clock, JobDuration = TimeSpan.FromSeconds(8) });
        using var http = new HttpClient();
        using var generator = new OpenAIVideoGenerator(http,
            new OpenAIOptions { Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey }, clock);

        var job = await generator.SubmitAsync(new VideoGenerationRequest("a cat playing with yarn"));
        clock.Advance(TimeSpan.FromSeconds(8));
        job = await generator.GetJobAsync(job.Id);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(s_fakeTimeProviderEpoch.AddSeconds(8).AddHours(24), job.ExpiresAt);
    }

    [Fact]
    public async Task ClockOnlyOnTheEmulator_GeneratorReadsTheJobExpired()
    {
        // why the README passes the clock to the generator too: its "now" is today, the emulator's results expire in 2000
        var clock = new ManualTimeProvider(s_fakeTimeProviderEpoch);
        await using var emulator = await SoraEmulator.StartAsync(new SoraEmulatorOptions { TimeProvider = clock, JobDuration = TimeSpan.FromSeconds(8) });
        using var http = new HttpClient();
        using var generator = new OpenAIVideoGenerator(http, new OpenAIOptions { Endpoint = emulator.OpenAIEndpoint, ApiKey = emulator.ApiKey });

        var job = await generator.SubmitAsync(new VideoGenerationRequest("a cat playing with yarn"));
        clock.Advance(TimeSpan.FromSeconds(8));
        job = await generator.GetJobAsync(job.Id);

        Assert.Equal(VideoJobStatus.Expired, job.Status);
    }
}
