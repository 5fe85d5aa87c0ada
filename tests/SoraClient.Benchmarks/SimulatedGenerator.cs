namespace SoraClient.Benchmarks;

/// <summary>
/// A generator whose jobs finish at known times on a manual clock. It counts reads, records when each job's success was
/// first seen, and can read in batches, so the waiting core's cost can be measured without a network.
/// </summary>
internal sealed class SimulatedGenerator(TimeProvider time, bool reportsProgress, bool batches = false) : IVideoGenerator, IVideoJobBatchReader
{
    private readonly Dictionary<string, (DateTimeOffset Start, TimeSpan Duration)> _jobs = [];
    private readonly Dictionary<string, DateTimeOffset> _firstSeenDone = [];
    private readonly Lock _gate = new();

    public int Reads { get; private set; }

    public int BatchRequests { get; private set; }

    public int MaxBatchSize => 100;

    public VideoJob Add(string id, TimeSpan duration)
    {
        lock (_gate)
        {
            _jobs[id] = (time.GetUtcNow(), duration);
        }

        return Read(id, count: false);
    }

    public TimeSpan DetectionDelay(string id)
    {
        lock (_gate)
        {
            var (start, duration) = _jobs[id];
            return _firstSeenDone[id] - (start + duration);
        }
    }

    public Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => Task.FromResult(Read(jobId, count: true));

    public Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            BatchRequests++;
        }

        return Task.FromResult<IReadOnlyList<VideoJob>>([.. jobIds.Select(id => Read(id, count: true))]);
    }

    public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(TimeProvider) ? time
        : serviceType == typeof(IVideoJobBatchReader) && batches ? this
        : null;

    public void Dispose()
    {
    }

    private VideoJob Read(string id, bool count)
    {
        lock (_gate)
        {
            Reads += count ? 1 : 0;
            var (start, duration) = _jobs[id];
            var now = time.GetUtcNow();
            var done = now >= start + duration;
            if (done && count)
            {
                _firstSeenDone.TryAdd(id, now);
            }

            return new VideoJob
            {
                Id = id,
                Provider = "simulated",
                Status = done ? VideoJobStatus.Succeeded : VideoJobStatus.Running,
                Progress = done ? 100 : reportsProgress ? (int)(99 * ((now - start) / duration)) : null,
                Assets = done ? [new VideoAsset(VideoAssetKind.Video)] : [],
            };
        }
    }
}
