using System.Net;
using SoraClient.Emulator;

namespace SoraClient.IntegrationTests.Emulator;

public sealed class PromptMarkerTests
{
    [Theory]
    [InlineData(EmulatorPromptMarkers.Moderation, "moderation_blocked")]
    [InlineData(EmulatorPromptMarkers.Fail, "internal_error")]
    [InlineData("[EMULATOR:Moderation]", "moderation_blocked")]
    public async Task Create_PromptWithFailureMarker_JobFailsWithThatCode(string marker, string code)
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateVideoIdAsync($$"""{"prompt":"a cat {{marker}} on a piano"}""");
        Assert.Equal("queued", (await harness.GetVideoAsync(id)).GetProperty("status").GetString());

        harness.Time.Advance(TimeSpan.FromSeconds(8));
        var video = await harness.GetVideoAsync(id);

        Assert.Equal("failed", video.GetProperty("status").GetString());
        Assert.Equal(code, video.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(marker, video.GetProperty("prompt").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PromptWithExpireMarker_CompletesWithContentGone()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var id = await harness.CreateCompletedVideoIdAsync($$"""{"prompt":"a cat {{EmulatorPromptMarkers.Expire}}"}""");

        using var content = await harness.Http.GetAsync($"videos/{id}/content");

        await EmulatorHarness.AssertErrorAsync(content, HttpStatusCode.NotFound, "video_id", "video_expired");
    }

    [Fact]
    public async Task CreateMultipart_PromptWithMarker_AlsoApplies()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        using var form = new MultipartFormDataContent { { new StringContent("x [emulator:moderation]"), "prompt" } };
        using var response = await harness.Http.PostAsync("videos", form);
        var id = (await EmulatorHarness.ReadJsonAsync(response)).GetProperty("id").GetString()!;

        harness.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal("failed", (await harness.GetVideoAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Remix_PromptWithMarker_FailsTheRemix()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var sourceId = await harness.CreateCompletedVideoIdAsync();
        using var response = await harness.PostJsonAsync($"videos/{sourceId}/remix", """{"prompt":"again [emulator:fail]"}""");
        var remixId = (await EmulatorHarness.ReadJsonAsync(response)).GetProperty("id").GetString()!;

        harness.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal("failed", (await harness.GetVideoAsync(remixId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Create_JobFaultAndMarker_FaultWins()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        harness.Emulator.Faults.Add(EmulatorFault.FailJob(EmulatorJobFailure.ServerError));
        var id = await harness.CreateVideoIdAsync($$"""{"prompt":"{{EmulatorPromptMarkers.Moderation}}"}""");

        harness.Time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal("internal_error", (await harness.GetVideoAsync(id)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Create_PromptWithoutMarker_Completes()
    {
        await using var harness = await EmulatorHarness.StartAsync();

        var id = await harness.CreateCompletedVideoIdAsync("""{"prompt":"emulator:moderation without brackets"}""");

        using var content = await harness.Http.GetAsync($"videos/{id}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
    }
}
