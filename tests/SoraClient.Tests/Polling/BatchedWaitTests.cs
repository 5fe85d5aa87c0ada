using System.Collections.Concurrent;
using System.Diagnostics;
using SoraClient.Polling;
using SoraClient.Testing;

namespace SoraClient.Tests.Polling;

/// <summary>
/// Waiting on a generator that reads many jobs per request (<see cref="IVideoJobBatchReader"/>): the reads of concurrent
/// waits are gathered into batch requests. Driven by the manual clock; the helper lets the thread-pool continuations of
/// each round settle before the clock moves on.
/// </summary>
public sealed class BatchedWaitTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(250);
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task WaitForCompletionAsync_FiftyConcurrentWaits_ReadInOneBatchPerRoundNotFiftyPolls()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(60));
        var submitted = Enumerable.Range(0, 50).Select(i => BatchGenerator.Submitted($"job-{i}")).ToList();

        var waits = submitted.Select(job => generator.WaitForCompletionAsync(job)).ToList(); // default options: 10 % jitter
        var jobs = await RunAsync(generator, waits, TimeSpan.FromMinutes(5));

        Assert.All(jobs, j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        Assert.Empty(generator.SingleReads); // never one poll per job
        var batches = generator.Batches.ToList();
        Assert.InRange(batches.Count, 5, 15); // one request per round: 5 s, then 2, 3, 4.5, 6.75, 10.1, 15.2, 22.8 s (±10 %)...
        Assert.All(batches, ids => Assert.Equal(50, ids.Count));
        Assert.All(batches, ids => Assert.Equal(submitted.Select(j => j.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task WaitForCompletionAsync_MoreWaitsThanABatchHolds_SplitsEachRoundIntoFullBatches()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(10)) { MaxBatchSize = 20 };
        var waits = Enumerable.Range(0, 50).Select(i => generator.WaitForCompletionAsync(BatchGenerator.Submitted($"job-{i}"), NoJitter)).ToList();

        await RunAsync(generator, waits, TimeSpan.FromMinutes(2));

        var sizes = generator.Batches.Select(b => b.Count).ToList();
        Assert.Equal(0, sizes.Count % 3);
        Assert.All(sizes.Chunk(3), round => Assert.Equal([10, 20, 20], round.Order()));
    }

    [Fact]
    public async Task WaitForCompletionAsync_FirstReadOfJobIds_IsOneBatchShortlyAfterStarting()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.Zero);
        var waits = Enumerable.Range(0, 30).Select(i => generator.WaitForCompletionAsync($"job-{i}", NoJitter)).ToList();

        await RunAsync(generator, waits, TimeSpan.FromSeconds(5));

        Assert.Equal(30, Assert.Single(generator.Batches).Count);
        Assert.Equal(VideoJobReadBatcher.GatherDelay, generator.BatchTimes.Single() - generator.Start);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailedBatch_CountsAsOneFailedReadForEachWait()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(20));
        generator.FailNextBatches = 1;
        var waits = Enumerable.Range(0, 10).Select(i => generator.WaitForCompletionAsync(BatchGenerator.Submitted($"job-{i}"), NoJitter)).ToList();

        var jobs = await RunAsync(generator, waits, TimeSpan.FromMinutes(2));

        Assert.All(jobs, j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        Assert.Equal(1, generator.FailedBatches);
    }

    [Fact]
    public async Task WaitForCompletionAsync_FailedBatchWithNoFailureBudget_FailsEveryWaitInIt()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(20));
        generator.FailNextBatches = 1;
        var options = new VideoWaitOptions { Jitter = 0, MaxConsecutiveFailures = 0 };
        var waits = Enumerable.Range(0, 10).Select(i => generator.WaitForCompletionAsync(BatchGenerator.Submitted($"job-{i}"), options)).ToList();

        await RunAsync(generator, waits, TimeSpan.FromMinutes(1));

        Assert.All(waits, w => Assert.IsType<VideoProviderException>(w.Exception!.InnerException));
        Assert.Equal(1, generator.FailedBatches);
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobLeftOutOfTheBatchAnswer_IsReadAloneAndItsErrorReachesOnlyItsWait()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(10));
        generator.Unknown.Add("job-gone");
        var known = Enumerable.Range(0, 5).Select(i => generator.WaitForCompletionAsync(BatchGenerator.Submitted($"job-{i}"), NoJitter)).ToList();
        var gone = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-gone"), NoJitter);

        await RunAsync(generator, [.. known, gone], TimeSpan.FromMinutes(1));

        Assert.All(await Task.WhenAll(known), j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        await Assert.ThrowsAsync<VideoJobNotFoundException>(() => gone);
        Assert.Equal(["job-gone"], generator.SingleReads);
    }

    [Fact]
    public async Task WaitForCompletionAsync_CanceledWait_LeavesTheFollowingBatches()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        var staying = Enumerable.Range(0, 3).Select(i => generator.WaitForCompletionAsync(BatchGenerator.Submitted($"job-{i}"), NoJitter)).ToList();
        var leaving = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-leaving"), NoJitter, cancellationToken: cancel.Token);

        await RunAsync(generator, [.. staying, leaving], TimeSpan.FromSeconds(8)); // first batch (5 s) and the next one (7 s)
        await cancel.CancelAsync();
        var before = generator.Batches.Count;
        await RunAsync(generator, [.. staying, leaving], TimeSpan.FromMinutes(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.All(await Task.WhenAll(staying), j => Assert.Equal(VideoJobStatus.Succeeded, j.Status));
        Assert.Contains("job-leaving", generator.Batches[0]);
        Assert.All(generator.Batches.Skip(before), ids => Assert.DoesNotContain("job-leaving", ids));
    }

    [Fact]
    public async Task WaitForCompletionAsync_ReadDueALittleLater_RidesAlongEarlyButALaterOneDoesNot()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.Zero);
        var first = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-4s"), new VideoWaitOptions { Jitter = 0, InitialDelay = TimeSpan.FromSeconds(4) });
        var nearly = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-5s"), new VideoWaitOptions { Jitter = 0, InitialDelay = TimeSpan.FromSeconds(5) });
        var later = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-8s"), new VideoWaitOptions { Jitter = 0, InitialDelay = TimeSpan.FromSeconds(8) });

        await RunAsync(generator, [first, nearly, later], TimeSpan.FromSeconds(20));

        Assert.Equal([["job-4s", "job-5s"], ["job-8s"]], generator.Batches.Select(b => b.Order(StringComparer.Ordinal).ToArray()));
        Assert.Equal([4.1, 8.1], generator.BatchTimes.Select(t => Math.Round((t - generator.Start).TotalSeconds, 3)));
    }

    [Fact]
    public async Task WaitForCompletionAsync_GatewayHint_IsNeverReadEarly()
    {
        using var generator = new BatchGenerator(_time, completesAfter: TimeSpan.Zero);
        var first = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-4s"), new VideoWaitOptions { Jitter = 0, InitialDelay = TimeSpan.FromSeconds(4) });
        var hinted = generator.WaitForCompletionAsync(BatchGenerator.Submitted("job-hint") with { PollAfter = TimeSpan.FromSeconds(5) }, NoJitter);

        await RunAsync(generator, [first, hinted], TimeSpan.FromSeconds(20));

        Assert.Equal([4.1, 5.1], generator.BatchTimes.Select(t => Math.Round((t - generator.Start).TotalSeconds, 3)));
    }

    [Fact]
    public void For_GeneratorWithoutBatchReads_IsNull()
    {
        using var batching = new BatchGenerator(_time, TimeSpan.Zero);
        using var plain = new NoBatchGenerator(batching);

        Assert.Null(VideoJobReadBatcher.For(plain, _time));
        Assert.NotNull(VideoJobReadBatcher.For(batching, _time));
        using var middleware = new PassThrough(batching);
        Assert.Same(middleware, middleware.GetService<IVideoJobBatchReader>()); // batched reads pass through the middleware (issue 14)
        Assert.Null(new PassThrough(plain).GetService<IVideoJobBatchReader>());
    }

    [Fact]
    public async Task WaitForCompletionAsync_ThroughMiddleware_BatchReadsPassThroughIt()
    {
        using var adapter = new BatchGenerator(_time, completesAfter: TimeSpan.FromSeconds(10));
        using var logs = new TestLoggerProvider();
        using var logging = new LoggingVideoGenerator(adapter, logs.CreateLogger("waits"));
        using var counting = new CountingMiddleware(logging);
        var waits = Enumerable.Range(0, 5).Select(i => counting.WaitForCompletionAsync(BatchGenerator.Submitted($"job-{i}"), NoJitter)).ToList();

        var jobs = await RunAsync(counting, waits, TimeSpan.FromMinutes(1));

        Assert.Equal(5, jobs.Length);
        Assert.NotEmpty(adapter.Batches);
        Assert.Empty(adapter.SingleReads);
        Assert.Equal(adapter.Batches.Count, counting.BatchReads); // every batch went through the middleware...
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"job job-{i} finished", logs.AllText, StringComparison.Ordinal)); // ...and the logging one
    }

    private static VideoWaitOptions NoJitter => new() { Jitter = 0 };

    /// <summary>Moves the clock in steps until every wait ends, letting each round's continuations register their next reads first.</summary>
    private async Task<VideoJob[]> RunAsync(IVideoGenerator generator, IReadOnlyList<Task<VideoJob>> waits, TimeSpan limit)
    {
        var batcher = VideoJobReadBatcher.For(generator, _time)!;
        var end = _time.GetUtcNow() + limit;
        while (waits.Any(w => !w.IsCompleted) && _time.GetUtcNow() < end)
        {
            var settle = Stopwatch.StartNew();
            while (batcher.PendingCount != waits.Count(w => !w.IsCompleted) && settle.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(1);
            }

            _time.Advance(s_step);
        }

        var done = new List<VideoJob>();
        foreach (var wait in waits.Where(w => w.IsCompletedSuccessfully))
        {
            done.Add(await wait);
        }

        return [.. done];
    }

    private sealed class PassThrough(IVideoGenerator inner) : DelegatingVideoGenerator(inner);

    /// <summary>A user's middleware that counts the batch reads it sees.</summary>
    private sealed class CountingMiddleware(IVideoGenerator inner) : DelegatingVideoGenerator(inner)
    {
        private int _batchReads;

        public int BatchReads => Volatile.Read(ref _batchReads);

        public override Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _batchReads);
            return base.GetJobsAsync(jobIds, cancellationToken);
        }
    }

    /// <summary>A generator that hides its inner generator's batch reads.</summary>
    private sealed class NoBatchGenerator(IVideoGenerator inner) : DelegatingVideoGenerator(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(IVideoJobBatchReader) ? null : base.GetService(serviceType, serviceKey);
    }

    /// <summary>A fake gateway whose jobs run until <c>completesAfter</c> and which answers batch reads.</summary>
    private sealed class BatchGenerator(ManualTimeProvider time, TimeSpan completesAfter) : IVideoGenerator, IVideoJobBatchReader
    {
        private readonly ConcurrentQueue<IReadOnlyList<string>> _batches = new();
        private readonly ConcurrentQueue<DateTimeOffset> _batchTimes = new();
        private readonly ConcurrentQueue<string> _singleReads = new();
        private int _failNext;
        private int _failed;

        public DateTimeOffset Start { get; } = time.GetUtcNow();

        public int MaxBatchSize { get; init; } = 50;

        public int FailNextBatches
        {
            get => Volatile.Read(ref _failNext);
            set => Volatile.Write(ref _failNext, value);
        }

        public int FailedBatches => Volatile.Read(ref _failed);

        public HashSet<string> Unknown { get; } = new(StringComparer.Ordinal);

        public IReadOnlyList<IReadOnlyList<string>> Batches => [.. _batches];

        public IReadOnlyList<DateTimeOffset> BatchTimes => [.. _batchTimes];

        public IReadOnlyList<string> SingleReads => [.. _singleReads];

        public static VideoJob Submitted(string id) => new() { Id = id, Provider = "fake", Status = VideoJobStatus.Queued };

        public Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
        {
            _batches.Enqueue([.. jobIds]);
            _batchTimes.Enqueue(time.GetUtcNow());
            if (Interlocked.Decrement(ref _failNext) >= 0)
            {
                Interlocked.Increment(ref _failed);
                return Task.FromException<IReadOnlyList<VideoJob>>(new VideoProviderException("fake", "fake returned HTTP 503: busy", 503) { IsTransient = true });
            }

            return Task.FromResult<IReadOnlyList<VideoJob>>([.. jobIds.Where(id => !Unknown.Contains(id)).Select(Read)]);
        }

        public Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
        {
            _singleReads.Enqueue(jobId);
            return Unknown.Contains(jobId)
                ? Task.FromException<VideoJob>(new VideoJobNotFoundException("fake", "fake returned HTTP 404: no such job", 404))
                : Task.FromResult(Read(jobId));
        }

        public Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(TimeProvider) ? time : serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }

        private VideoJob Read(string id) => time.GetUtcNow() - Start >= completesAfter
            ? new VideoJob { Id = id, Provider = "fake", Status = VideoJobStatus.Succeeded, Assets = [new VideoAsset(VideoAssetKind.Video)] }
            : new VideoJob { Id = id, Provider = "fake", Status = VideoJobStatus.Running };
    }
}
