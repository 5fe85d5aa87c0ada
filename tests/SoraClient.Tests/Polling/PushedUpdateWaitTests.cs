using SoraClient.Testing;
using SoraClient.Tests.Support;
using static SoraClient.Tests.Support.ScriptedJobReads;

namespace SoraClient.Tests.Polling;

/// <summary>Waiting on a generator that offers pushed updates (<see cref="IVideoJobUpdateSource"/>, a webhook receiver): no schedule, a safety poll.</summary>
public sealed class PushedUpdateWaitTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_limit = TimeSpan.FromHours(1);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task WaitForCompletionAsync_UpdatePushed_CompletesWithItWithoutReading()
    {
        var reads = new ScriptedJobReads(_time, Job(VideoJobStatus.Running));
        var source = new PushedUpdates(TimeSpan.FromMinutes(2));
        using var generator = Generator(reads, source);
        var start = _time.GetUtcNow();

        var wait = generator.WaitForCompletionAsync(Jobs.Create(VideoJobStatus.Queued, 0), new VideoWaitOptions { Jitter = 0 });
        _time.Advance(TimeSpan.FromSeconds(90)); // a polling wait would have read several times by now
        Assert.Empty(reads.ReadTimes);
        source.Push(Jobs.Create(VideoJobStatus.Succeeded, 100));
        var job = await wait.Guarded();

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Empty(reads.ReadTimes);
        Assert.Equal(TimeSpan.FromSeconds(90), _time.GetUtcNow() - start);
    }

    [Fact]
    public async Task WaitForCompletionAsync_NoUpdateComes_ReadsOncePerSafetyInterval()
    {
        var reads = new ScriptedJobReads(_time, Job(VideoJobStatus.Running, 10), Job(VideoJobStatus.Running, 60), Job(VideoJobStatus.Succeeded, 100));
        using var generator = Generator(reads, new PushedUpdates(TimeSpan.FromMinutes(2)));
        var start = _time.GetUtcNow();

        var job = await _time.RunAsync(generator.WaitForCompletionAsync(Jobs.Create(VideoJobStatus.Queued, 0), new VideoWaitOptions { Jitter = 0 }), s_step, s_limit);

        Assert.Equal(VideoJobStatus.Succeeded, job.Status);
        Assert.Equal([120.0, 240.0, 360.0], reads.ReadOffsets(start).Select(t => t.TotalSeconds));
    }

    [Fact]
    public async Task WatchAsync_RunningPushedThenSucceeded_YieldsBothAndPassesTheKnownState()
    {
        var reads = new ScriptedJobReads(_time, Job(VideoJobStatus.Running));
        var source = new PushedUpdates(TimeSpan.FromMinutes(2));
        using var generator = Generator(reads, source);
        var seen = new List<VideoJob>();

        var watch = Task.Run(async () =>
        {
            await foreach (var job in generator.WatchAsync(Jobs.Id, new VideoWaitOptions { Jitter = 0 }))
            {
                seen.Add(job);
            }
        });
        await WaitUntilAsync(() => reads.ReadTimes.Count == 1); // a job id alone: one read at once, then waiting
        source.Push(Jobs.Create(VideoJobStatus.Running, 50));
        await WaitUntilAsync(() => seen.Count == 2);
        source.Push(Jobs.Create(VideoJobStatus.Succeeded, 100));
        await watch.Guarded();

        Assert.Equal([VideoJobStatus.Running, VideoJobStatus.Running, VideoJobStatus.Succeeded], seen.Select(j => j.Status));
        Assert.Equal(50, source.Known[^1]?.Progress); // the wait that got the end knew the pushed progress
        Assert.Single(reads.ReadTimes);
    }

    private TestVideoGenerator Generator(ScriptedJobReads reads, PushedUpdates source) => new()
    {
        GetJobAsyncCallback = reads.ReadAsync,
        GetServiceCallback = (type, _) => type == typeof(TimeProvider) ? _time : type == typeof(IVideoJobUpdateSource) ? source : null,
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(ManualClock.Guard);
        while (!condition())
        {
            await Task.Delay(5, guard.Token);
        }
    }

    /// <summary>Pushed jobs queue up until a wait takes them, so a push never gets lost between two waits.</summary>
    private sealed class PushedUpdates(TimeSpan safetyPollInterval) : IVideoJobUpdateSource
    {
        private readonly System.Threading.Channels.Channel<VideoJob> _pushed = System.Threading.Channels.Channel.CreateUnbounded<VideoJob>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<VideoJob?> _known = new();

        public TimeSpan SafetyPollInterval { get; } = safetyPollInterval;

        /// <summary>The state each wait said it knew, in order.</summary>
        public IReadOnlyList<VideoJob?> Known => [.. _known];

        public void Push(VideoJob job) => _pushed.Writer.TryWrite(job);

        public Task<VideoJob> WaitForUpdateAsync(string jobId, VideoJob? known, CancellationToken cancellationToken)
        {
            _known.Enqueue(known);
            return _pushed.Reader.ReadAsync(cancellationToken).AsTask();
        }
    }
}
