using System.Text.Json;
using SoraClient.Tests.Support;

namespace SoraClient.Tests;

public class VideoJobTests
{
    [Theory]
    [InlineData(VideoJobStatus.Queued, false)]
    [InlineData(VideoJobStatus.Running, false)]
    [InlineData(VideoJobStatus.Succeeded, true)]
    [InlineData(VideoJobStatus.Failed, true)]
    [InlineData(VideoJobStatus.Canceled, true)]
    [InlineData(VideoJobStatus.Expired, true)]
    public void IsTerminal_EachStatus_OnlyTheLastFour(VideoJobStatus status, bool terminal) =>
        Assert.Equal(terminal, new VideoJob { Id = "v", Provider = "p", Status = status }.IsTerminal);

    [Fact]
    public void IsTerminal_EveryStatusCovered() =>
        Assert.Equal(6, Enum.GetValues<VideoJobStatus>().Length);

    [Fact]
    public void ToString_RunningJob_IsShortWithIdStatusAndProgress()
    {
        using var raw = JsonDocument.Parse("""{"id":"video_1","prompt":"a secret prompt about my product launch"}""");
        var job = new VideoJob
        {
            Id = "video_1",
            Provider = "apiyi",
            Status = VideoJobStatus.Running,
            Progress = 42,
            ProviderStatus = "in_progress",
            RawRepresentation = raw.RootElement.Clone(),
            Effective = new VideoGenerationSettings { Model = "sora-2", Size = "1280x720", DurationSeconds = 8 },
        };

        var text = job.ToString();

        Assert.Equal("VideoJob { Provider = apiyi, Id = video_1, Status = Running, Progress = 42 }", text);
        Assert.DoesNotContain("prompt", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_FailedJob_ShowsErrorCodeOnly()
    {
        var job = Jobs.Create(VideoJobStatus.Failed);

        var text = job.ToString();

        Assert.Equal("VideoJob { Provider = testgw, Id = video_123, Status = Failed, Error = moderation_blocked }", text);
        Assert.DoesNotContain("blocked.", text, StringComparison.Ordinal); // the error message stays out
    }

    [Fact]
    public void ToString_ErrorWithoutCode_ShowsCategory()
    {
        var job = new VideoJob { Id = "v", Provider = "p", Status = VideoJobStatus.Failed, Error = new VideoJobError(null, "boom", VideoErrorCategory.Transient) };

        Assert.EndsWith("Error = Transient }", job.ToString(), StringComparison.Ordinal);
        Assert.True(job.Error!.IsRetryable);
    }

    [Fact]
    public void Assets_NewJob_EmptyNotNull() =>
        Assert.Empty(new VideoJob { Id = "v", Provider = "p" }.Assets);
}
