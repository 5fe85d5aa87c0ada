using SoraClient.Testing;
using SoraClient.Tests.Support;

namespace SoraClient.Tests.Middleware;

public sealed class LoggingVideoGeneratorTests : IDisposable
{
    private const string Prompt = "A confidential product launch: the new Falcon X9 phone rotating on a marble table";
    private readonly TestLoggerProvider _logs = new();

    public void Dispose() => _logs.Dispose();

    private IVideoGenerator Logged(TestVideoGenerator inner) => inner.AsBuilder().UseLogging(_logs).Build();

    [Fact]
    public async Task SubmitAsync_Success_LogsShapeNotPrompt()
    {
        var job = Jobs.Create(VideoJobStatus.Queued) with
        {
            Effective = new VideoGenerationSettings { Model = "pro", DurationSeconds = 8, Size = "1280x720" },
            RawRepresentation = $"{{\"prompt\":\"{Prompt}\"}}",
        };
        using var generator = Logged(new TestVideoGenerator { SubmitAsyncCallback = (_, _, _) => Task.FromResult(job) });

        await generator.SubmitAsync(new VideoGenerationRequest(Prompt) { Model = "pro", DurationSeconds = 8, AspectRatio = VideoAspectRatio.Landscape });

        Assert.Equal(2, _logs.Entries.Count);
        Assert.StartsWith("Debug", _logs.Entries[0], StringComparison.Ordinal);
        Assert.Contains("Submitting a video: model pro, duration 8 s, size Landscape, prompt of 81 characters, reference image False", _logs.Entries[0], StringComparison.Ordinal);
        Assert.StartsWith("Information", _logs.Entries[1], StringComparison.Ordinal);
        Assert.Contains("testgw accepted job video_123 (Queued): pro, 8 s at 1280x720", _logs.Entries[1], StringComparison.Ordinal);
        Assert.DoesNotContain("Falcon", _logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("confidential", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_NothingSet_SaysDefaultInsteadOfNull()
    {
        using var generator = Logged(new TestVideoGenerator { SubmitAsyncCallback = (_, _, _) => Task.FromResult(Jobs.Create(VideoJobStatus.Queued)) });

        await generator.SubmitAsync(new VideoGenerationRequest(Prompt));

        Assert.Contains("Submitting a video: model (default), duration (default), size (default), prompt of 81 characters", _logs.Entries[0], StringComparison.Ordinal);
        Assert.DoesNotContain("(null)", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Uncertain_LogsWarningThatTheJobMayExist()
    {
        using var generator = Logged(new TestVideoGenerator
        {
            SubmitAsyncCallback = (_, _, _) => throw new VideoSubmissionUncertainException("testgw", "testgw: no answer to the create request", null),
        });

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.SubmitAsync(new VideoGenerationRequest(Prompt)));

        var entry = Assert.Single(_logs.Entries, e => e.Contains("may have accepted the job", StringComparison.Ordinal));
        Assert.StartsWith("Warning", entry, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VideoJobStatus.Succeeded, "testgw job video_123 finished: 1 asset(s)")]
    [InlineData(VideoJobStatus.Failed, "testgw job video_123 ended Failed")]
    [InlineData(VideoJobStatus.Expired, "testgw job video_123 ended Expired")]
    public async Task GetJobAsync_FinalState_IsLoggedAtInformation(VideoJobStatus status, string expected)
    {
        var job = status == VideoJobStatus.Succeeded ? Jobs.Succeeded() : Jobs.Create(status);
        using var generator = Logged(new TestVideoGenerator { GetJobAsyncCallback = (_, _) => Task.FromResult(job) });

        await generator.GetJobAsync(Jobs.Id);

        var entry = Assert.Single(_logs.Entries);
        Assert.StartsWith("Information", entry, StringComparison.Ordinal);
        Assert.Contains(expected, entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Failure_LogsWarningAndRethrowsSameException()
    {
        var failure = new VideoContentPolicyException("testgw", "testgw returned HTTP 400 (moderation_blocked): rejected", 400, "moderation_blocked");
        using var generator = Logged(new TestVideoGenerator { SubmitAsyncCallback = (_, _, _) => throw failure });

        var ex = await Assert.ThrowsAsync<VideoContentPolicyException>(() => generator.SubmitAsync(new VideoGenerationRequest(Prompt)));

        Assert.Same(failure, ex);
        Assert.Contains(_logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal)
            && e.Contains("SubmitAsync failed with VideoContentPolicyException: testgw returned HTTP 400", StringComparison.Ordinal));
        Assert.DoesNotContain("Falcon", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Canceled_NotLoggedAsFailure()
    {
        using var generator = Logged(new TestVideoGenerator { SubmitAsyncCallback = (_, _, ct) => Task.FromCanceled<VideoJob>(new CancellationToken(true)) });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.SubmitAsync(new VideoGenerationRequest(Prompt)));

        Assert.DoesNotContain(_logs.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetJobAsync_LogsStatusAndProgress()
    {
        using var generator = Logged(new TestVideoGenerator { GetJobAsyncCallback = (id, _) => Task.FromResult(Jobs.Create(VideoJobStatus.Running, 45)) });

        await generator.GetJobAsync(Jobs.Id);

        var entry = Assert.Single(_logs.Entries);
        Assert.StartsWith("Debug", entry, StringComparison.Ordinal);
        Assert.Contains("testgw job video_123: Running 45% (running)", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetJobAsync_Failure_LogsWarning()
    {
        using var generator = Logged(new TestVideoGenerator { GetJobAsyncCallback = (_, _) => throw new VideoJobNotFoundException("testgw", "testgw returned HTTP 404: no such video", 404) });

        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => generator.GetJobAsync(Jobs.Id));

        Assert.Contains("GetJobAsync failed with VideoJobNotFoundException", Assert.Single(_logs.Entries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetContentAsync_LogsKindTypeAndLength()
    {
        using var content = new VideoContent(new MemoryStream(new byte[10]), "video/mp4", 10);
        using var generator = Logged(new TestVideoGenerator { GetContentAsyncCallback = (_, _, _) => Task.FromResult(content) });

        Assert.Same(content, await generator.GetContentAsync(Jobs.Succeeded()));

        Assert.Contains("testgw job video_123: opened Video (video/mp4, 10 bytes)", Assert.Single(_logs.Entries), StringComparison.Ordinal);
    }

    [Fact]
    public void UseLogging_NoFactoryAnywhere_AddsNoLayer()
    {
        using var inner = new TestVideoGenerator();

        Assert.Same(inner, inner.AsBuilder().UseLogging().Build());
    }

    [Fact]
    public void UseLogging_FactoryFromServices_Used()
    {
        using var inner = new TestVideoGenerator();

        var generator = inner.AsBuilder().UseLogging().Build(new FactoryProvider(_logs));

        Assert.IsType<LoggingVideoGenerator>(generator);
    }

    private sealed class FactoryProvider(Microsoft.Extensions.Logging.ILoggerFactory factory) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(Microsoft.Extensions.Logging.ILoggerFactory) ? factory : null;
    }
}
