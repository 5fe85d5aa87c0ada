using System.Text;
using SoraClient.Providers.AIVideoApi;

namespace SoraClient.Tests.Providers.AIVideoApi;

/// <summary>The bodies aivideoapi.ai POSTs to <c>callback_url</c>: the task as <c>GET /v1/tasks/{id}</c> returns it (completed or failed), bare or enveloped.</summary>
public sealed class AIVideoApiCallbackParserTests
{
    private const string TaskId = "9b1f6c1e-2d3a-4b5c-8d7e-0f1a2b3c4d5e";

    private static byte[] Body(string fixture) => Encoding.UTF8.GetBytes(AIVideoApiVideoGeneratorTests.Fixture(fixture));

    [Fact]
    public async Task Parse_StringStreamAndGeneratorOverloads_GiveTheSameJob()
    {
        var bytes = Body("task-completed.json");
        var text = Encoding.UTF8.GetString(bytes);
        using var stream = new MemoryStream(bytes);
        using var secondStream = new MemoryStream(bytes);
        using var http = new HttpClient();
        using var generator = new AIVideoApiVideoGenerator(http, new AIVideoApiOptions { ApiKey = "k", ProviderName = "videos" });
        var expected = AIVideoApiCallbackParser.Parse(bytes, "videos");

        VideoJob[] jobs =
        [
            AIVideoApiCallbackParser.Parse(text, "videos"),
            await AIVideoApiCallbackParser.ParseAsync(stream, "videos"),
            generator.ParseCallback(text),
            await generator.ParseCallbackAsync(secondStream),
        ];

        Assert.All(jobs, job => Assert.Equal((expected.Provider, expected.Id, expected.Status), (job.Provider, job.Id, job.Status)));
    }

    [Theory]
    [InlineData("task-completed.json")]
    [InlineData("task-completed-enveloped.json")]
    public void Parse_CompletedTask_IsASucceededJobWithItsLinkAndExpiry(string fixture)
    {
        var job = AIVideoApiCallbackParser.Parse(Body(fixture), "aivideoapi-main");

        Assert.Equal(TaskId, job.Id);
        Assert.Equal("aivideoapi-main", job.Provider);
        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(new Uri($"https://files.aivideoapi.ai/outputs/{TaskId}/video.mp4"), Assert.Single(job.Assets).Uri);
        Assert.Equal(job.CompletedAt + TimeSpan.FromHours(24), job.ExpiresAt);
    }

    [Theory]
    [InlineData("task-failed-upstream.json", VideoErrorCategory.Transient)]
    [InlineData("task-failed-moderation.json", VideoErrorCategory.ContentPolicy)]
    public void Parse_FailedTask_IsAFailedJobWithTheCategorisedError(string fixture, VideoErrorCategory category)
    {
        var job = AIVideoApiCallbackParser.Parse(Body(fixture));

        Assert.Equal("aivideoapi", job.Provider);
        Assert.Equal(VideoJobStatus.Failed, job.Status);
        Assert.Equal(category, job.Error!.Category);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"id":"t"}""")]
    [InlineData("""{"status":"completed"}""")]
    [InlineData("""{"id":"t","status":"completed","progress":"lots"}""")]
    public void Parse_NotATask_ThrowsFormatException(string body)
    {
        Assert.Throws<FormatException>(() => AIVideoApiCallbackParser.Parse(Encoding.UTF8.GetBytes(body)));
    }
}
