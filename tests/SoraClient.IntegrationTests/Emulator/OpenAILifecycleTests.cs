using System.Net;
using System.Text.Json;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class OpenAILifecycleTests
{
    [Fact]
    public async Task GetVideo_AsClockAdvances_GoesQueuedThenInProgressWithRisingProgressThenCompleted()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var created = harness.Time.GetUtcNow();
        var id = await harness.CreateVideoIdAsync();

        var observed = new List<(string Status, int Progress)>();
        for (var second = 0; second <= 9; second++)
        {
            var video = await harness.GetVideoAsync(id);
            observed.Add((video.GetProperty("status").GetString()!, video.GetProperty("progress").GetInt32()));
            harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // default: 8 s job, the first eighth (1 s) queued
        Assert.Equal(("queued", 0), observed[0]);
        var running = observed.Skip(1).Take(7).ToList();
        Assert.All(running, o => Assert.Equal("in_progress", o.Status));
        Assert.All(running, o => Assert.InRange(o.Progress, 0, 99));
        Assert.True(running.Zip(running.Skip(1)).All(p => p.Second.Progress > p.First.Progress), string.Join(", ", running));
        Assert.Equal(("completed", 100), observed[8]);
        Assert.Equal(("completed", 100), observed[9]);

        var completed = await harness.GetVideoAsync(id);
        Assert.Equal((created + TimeSpan.FromSeconds(8)).ToUnixTimeSeconds(), completed.GetProperty("completed_at").GetInt64());
        Assert.Equal((created + TimeSpan.FromSeconds(8) + TimeSpan.FromHours(24)).ToUnixTimeSeconds(), completed.GetProperty("expires_at").GetInt64());
        Assert.Equal(created.ToUnixTimeSeconds(), completed.GetProperty("created_at").GetInt64());
        Assert.Equal(JsonValueKind.Null, completed.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task GetVideo_CustomDurations_FollowOptions()
    {
        await using var harness = await EmulatorHarness.StartAsync(o =>
        {
            o.JobDuration = TimeSpan.FromMinutes(2);
            o.QueueDuration = TimeSpan.FromSeconds(20);
            o.AssetLifetime = TimeSpan.FromHours(1);
            o.PollAfter = TimeSpan.FromMilliseconds(2500);
        });
        var created = harness.Time.GetUtcNow();
        var id = await harness.CreateVideoIdAsync();

        harness.Time.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal("queued", (await harness.GetVideoAsync(id)).GetProperty("status").GetString());
        harness.Time.Advance(TimeSpan.FromSeconds(51)); // 70 s: half of the 100 s run
        var halfway = await harness.GetVideoAsync(id);
        Assert.Equal(("in_progress", 50), (halfway.GetProperty("status").GetString(), halfway.GetProperty("progress").GetInt32()));
        harness.Time.Advance(TimeSpan.FromSeconds(50));
        var completed = await harness.GetVideoAsync(id);
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal((created + TimeSpan.FromMinutes(2) + TimeSpan.FromHours(1)).ToUnixTimeSeconds(), completed.GetProperty("expires_at").GetInt64());

        using var response = await harness.Http.GetAsync($"videos/{id}");
        Assert.Equal("2500", Assert.Single(response.Headers.GetValues("openai-poll-after-ms")));
    }

    [Fact]
    public async Task GetVideo_UnknownId_Returns404Envelope()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        using var response = await harness.Http.GetAsync("videos/video_doesnotexist");

        var error = await EmulatorHarness.AssertErrorAsync(response, HttpStatusCode.NotFound, "video_id", code: null);
        Assert.Contains("video_doesnotexist", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_Snapshot_MatchesWhatTheProtocolReports()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync();
        harness.Time.Advance(TimeSpan.FromSeconds(4.5));

        var job = harness.Emulator.Jobs.Find(id);
        var video = await harness.GetVideoAsync(id);

        Assert.NotNull(job);
        Assert.Equal(EmulatorJobStatus.Running, job.Status);
        Assert.Equal(video.GetProperty("progress").GetInt32(), job.Progress);
        Assert.Equal(50, job.Progress);
        Assert.Equal(EmulatorProtocols.OpenAI, job.Protocol);
    }
}
