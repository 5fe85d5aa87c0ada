using System.Runtime.CompilerServices;

namespace SoraClient.Tests.Core;

/// <summary>The neutral helpers that choose between a gateway's stream and status reads (<c>GenerateAsync</c>, <c>SubmitAndWatchAsync</c>).</summary>
public sealed class SubmitAndWatchTests
{
    private static readonly VideoWaitOptions s_immediate = new() { InitialDelay = TimeSpan.Zero, MinInterval = TimeSpan.Zero, MaxInterval = TimeSpan.Zero, Jitter = 0 };
    private static readonly VideoGenerationOptions s_streaming = new() { DeliveryMode = VideoDeliveryMode.Streaming };

    private static VideoJob Job(VideoJobStatus status, int progress) =>
        new() { Id = "job_1", Provider = "fake", Status = status, Progress = progress, Assets = status == VideoJobStatus.Succeeded ? [new VideoAsset(VideoAssetKind.Video)] : [] };

    [Fact]
    public async Task GenerateAsync_StreamingAskedOfAGeneratorWithoutIt_SubmitsAndPolls()
    {
        var generator = new FakeGenerator(streams: false) { Reads = { Job(VideoJobStatus.Succeeded, 100) } };

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal(1, generator.Submits);
        Assert.Equal(0, generator.StreamSubmits);
    }

    [Fact]
    public async Task GenerateAsync_StreamingGeneratorWithPollingDefault_PollsUnlessTheCallAsks()
    {
        var generator = new FakeGenerator(streams: true) { Reads = { Job(VideoJobStatus.Succeeded, 100) }, Streamed = { Job(VideoJobStatus.Succeeded, 100) } };

        await generator.GenerateAsync(new VideoGenerationRequest("x"), waitOptions: s_immediate);
        await generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate);

        Assert.Equal(1, generator.Submits);
        Assert.Equal(1, generator.StreamSubmits);
    }

    [Fact]
    public async Task GenerateAsync_StreamingDefaultInMetadata_Streams()
    {
        var generator = new FakeGenerator(streams: true, VideoDeliveryMode.Streaming) { Streamed = { Job(VideoJobStatus.Running, 50), Job(VideoJobStatus.Succeeded, 100) } };

        var job = await generator.GenerateAsync(new VideoGenerationRequest("x"), waitOptions: s_immediate);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal((0, 1, 0), (generator.Submits, generator.StreamSubmits, generator.ReadCount));
    }

    [Fact]
    public async Task SubmitAndWatchAsync_StreamEndsEarly_ReadsTheSameJobAndNeverSubmitsAgain()
    {
        var generator = new FakeGenerator(streams: true)
        {
            Streamed = { Job(VideoJobStatus.Running, 20) },
            Reads = { Job(VideoJobStatus.Running, 20), Job(VideoJobStatus.Running, 70), Job(VideoJobStatus.Succeeded, 100) },
        };

        var progress = new List<int?>();
        await foreach (var job in generator.SubmitAndWatchAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate))
        {
            progress.Add(job.Progress);
        }

        Assert.Equal([20, 70, 100], progress);
        Assert.Equal((0, 1, 3), (generator.Submits, generator.StreamSubmits, generator.ReadCount));
        Assert.All(generator.ReadIds, id => Assert.Equal("job_1", id));
    }

    [Fact]
    public async Task SubmitAndWatchAsync_StreamFailsBeforeTheId_PropagatesAndDoesNotSubmitAgain()
    {
        var generator = new FakeGenerator(streams: true) { StreamFailure = new VideoSubmissionUncertainException("no id") };

        await Assert.ThrowsAsync<VideoSubmissionUncertainException>(() => generator.GenerateAsync(new VideoGenerationRequest("x"), s_streaming, s_immediate));

        Assert.Equal((0, 1, 0), (generator.Submits, generator.StreamSubmits, generator.ReadCount));
    }

    [Fact]
    public async Task GenerateAsync_InvalidWaitOptions_ThrowsBeforeSubmitting()
    {
        var generator = new FakeGenerator(streams: false);

        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(new VideoGenerationRequest("x"), waitOptions: new VideoWaitOptions { Timeout = TimeSpan.Zero }));

        Assert.Equal(0, generator.Submits);
    }

    [Fact]
    public async Task GenerateAsync_Polling_ReportsTheSubmittedJobFirst()
    {
        var generator = new FakeGenerator(streams: false) { Reads = { Job(VideoJobStatus.Running, 50), Job(VideoJobStatus.Succeeded, 100) } };
        var reported = new List<VideoJobStatus>();

        await generator.GenerateAsync(new VideoGenerationRequest("x"), waitOptions: s_immediate, progress: new Reporter(j => reported.Add(j.Status)));

        Assert.Equal([VideoJobStatus.Queued, VideoJobStatus.Running, VideoJobStatus.Succeeded], reported);
    }

    private sealed class Reporter(Action<VideoJob> report) : IProgress<VideoJob>
    {
        public void Report(VideoJob value) => report(value);
    }

    private sealed class FakeGenerator(bool streams, VideoDeliveryMode defaultMode = VideoDeliveryMode.Polling) : IVideoGenerator, IVideoStreamingGenerator
    {
        private readonly VideoGeneratorMetadata _metadata = new("fake", null, "m", [], [VideoDeliveryMode.Polling]) { DefaultDeliveryMode = defaultMode };

        public List<VideoJob> Reads { get; } = [];

        public List<VideoJob> Streamed { get; } = [];

        public List<string> ReadIds { get; } = [];

        public Exception? StreamFailure { get; init; }

        public int Submits { get; private set; }

        public int StreamSubmits { get; private set; }

        public int ReadCount => ReadIds.Count;

        public Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Submits++;
            return Task.FromResult(Job(VideoJobStatus.Queued, 0));
        }

        public Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            ReadIds.Add(jobId);
            return Task.FromResult(Reads[Math.Min(ReadIds.Count - 1, Reads.Count - 1)]);
        }

        public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<VideoJob> SubmitStreamingAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            StreamSubmits++;
            await Task.Yield();
            if (StreamFailure is not null)
            {
                throw StreamFailure;
            }

            foreach (var job in Streamed)
            {
                yield return job;
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(VideoGeneratorMetadata) ? _metadata
            : serviceType == typeof(IVideoStreamingGenerator) && !streams ? null
            : serviceType.IsInstanceOfType(this) ? this
            : null;

        public void Dispose()
        {
        }
    }
}
