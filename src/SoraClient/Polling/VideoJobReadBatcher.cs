using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SoraClient.Polling;

/// <summary>
/// Gathers the status reads of concurrent waits on one generator into batch requests, for generators that offer
/// <see cref="IVideoJobBatchReader"/>. Each wait hands over its next read with the time it falls due. One timer on the
/// waits' clock fires <see cref="GatherDelay"/> after the earliest due read and sends, in one request per
/// <see cref="IVideoJobBatchReader.MaxBatchSize"/> ids, every read whose earliest time has come: a read may ride along
/// up to <see cref="EarlyFraction"/> of its own wait early (never when the wait is a gateway hint or the deadline).
/// So a read happens between three quarters of its wait and its due time plus <see cref="GatherDelay"/>, and jobs
/// submitted together share one request per round even with jitter. A failed batch is a failed read for every wait
/// in it; a job the gateway leaves out of the answer is read on its own (which reports "not found" precisely).
/// </summary>
internal sealed class VideoJobReadBatcher
{
    /// <summary>How long after the earliest due read the batch goes out, so reads falling due together are gathered.</summary>
    public static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The part of its wait a read may be moved earlier by to share a batch.</summary>
    public const double EarlyFraction = 0.25;

    private static readonly ConditionalWeakTable<IVideoJobBatchReader, ConcurrentDictionary<TimeProvider, VideoJobReadBatcher>> s_batchers = new();

#if NET9_0_OR_GREATER
    private readonly Lock _gate = new();
#else
    private readonly object _gate = new();
#endif
    private readonly IVideoJobBatchReader _reader;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly List<PendingRead> _pending = [];
    private DateTimeOffset _flushAt = DateTimeOffset.MaxValue;

    private VideoJobReadBatcher(IVideoJobBatchReader reader, TimeProvider time)
    {
        _reader = reader;
        _time = time;
        _timer = time.CreateTimer(static state => ((VideoJobReadBatcher)state!).Flush(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets how many reads wait for their batch (for tests).</summary>
    internal int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>The batcher shared by every wait on <paramref name="generator"/> with this clock, or <see langword="null"/> when it cannot read batches.</summary>
    public static VideoJobReadBatcher? For(IVideoGenerator generator, TimeProvider time) =>
        generator.GetService(typeof(IVideoJobBatchReader)) is IVideoJobBatchReader reader
            ? s_batchers.GetValue(reader, static _ => new ConcurrentDictionary<TimeProvider, VideoJobReadBatcher>())
                .GetOrAdd(time, static (clock, r) => new VideoJobReadBatcher(r, clock), reader)
            : null;

    /// <summary>Reads a job in the batch that goes out when the read falls due (after <paramref name="delay"/>).</summary>
    /// <param name="generator">Reads a job the batch answer leaves out (the wait's own generator, with its middleware).</param>
    /// <param name="jobId">The job.</param>
    /// <param name="delay">When the read falls due.</param>
    /// <param name="exact">The read must not happen early (a gateway hint or the wait's deadline).</param>
    /// <param name="cancellationToken">Withdraws the read.</param>
    public async Task<VideoJob> ReadAsync(IVideoGenerator generator, string jobId, TimeSpan delay, bool exact, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = new PendingRead(generator, jobId);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            read.Due = now + delay;
            read.Earliest = exact ? read.Due : now + (delay * (1 - EarlyFraction));
            _pending.Add(read);
            if (read.Due + GatherDelay < _flushAt)
            {
                ScheduleFlush(read.Due + GatherDelay, now);
            }
        }

        using (cancellationToken.Register(static state =>
        {
            var (batcher, pending) = ((VideoJobReadBatcher, PendingRead))state!;
            batcher.Withdraw(pending);
        }, (this, read)))
        {
#pragma warning disable VSTHRD003 // completed by the batch request on the thread pool, never by a captured context
            return await read.Completion.Task.ConfigureAwait(false);
#pragma warning restore VSTHRD003
        }
    }

    private void Withdraw(PendingRead read)
    {
        lock (_gate)
        {
            _pending.Remove(read);
        }

        read.Completion.TrySetCanceled();
    }

    // Called under the lock; the due time is always ahead of now, so no timer fires inside this call.
    private void ScheduleFlush(DateTimeOffset at, DateTimeOffset now)
    {
        _flushAt = at;
        var dueTime = at == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : at - now < TimeSpan.Zero ? TimeSpan.Zero : at - now;
        _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private void Flush()
    {
        List<PendingRead> batch;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            batch = [.. _pending.Where(r => r.Earliest <= now)];
            _pending.RemoveAll(r => r.Earliest <= now);
            ScheduleFlush(_pending.Count == 0 ? DateTimeOffset.MaxValue : _pending.Min(r => r.Due) + GatherDelay, now);
        }

        if (batch.Count > 0)
        {
            _ = SendAsync(batch);
        }
    }

    private Task SendAsync(List<PendingRead> batch)
    {
        var byJob = batch.Where(r => !r.Completion.Task.IsCompleted).GroupBy(r => r.JobId, StringComparer.Ordinal).ToList();
        return Task.WhenAll(byJob.Chunk(Math.Max(1, _reader.MaxBatchSize)).Select(ReadChunkAsync));
    }

    private async Task ReadChunkAsync(IGrouping<string, PendingRead>[] chunk)
    {
        IReadOnlyList<VideoJob> jobs;
        try
        {
            // No caller's token: the reads of several waits share this request. Each wait stops waiting on its own token,
            // and the request itself is bounded by the generator's per-attempt timeout.
            jobs = await _reader.GetJobsAsync([.. chunk.Select(g => g.Key)], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var read in chunk.SelectMany(g => g))
            {
                read.Completion.TrySetException(ex);
            }

            return;
        }

        var found = new Dictionary<string, VideoJob>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            found.TryAdd(job.Id, job);
        }

        var missing = new List<Task>();
        foreach (var reads in chunk)
        {
            if (found.TryGetValue(reads.Key, out var job))
            {
                foreach (var read in reads)
                {
                    read.Completion.TrySetResult(job);
                }
            }
            else
            {
                missing.Add(ReadAloneAsync(reads));
            }
        }

        await Task.WhenAll(missing).ConfigureAwait(false);
    }

    private static async Task ReadAloneAsync(IGrouping<string, PendingRead> reads)
    {
        try
        {
            var job = await reads.First().Generator.GetJobAsync(reads.Key, CancellationToken.None).ConfigureAwait(false);
            foreach (var read in reads)
            {
                read.Completion.TrySetResult(job);
            }
        }
        catch (Exception ex)
        {
            foreach (var read in reads)
            {
                read.Completion.TrySetException(ex);
            }
        }
    }

    private sealed class PendingRead(IVideoGenerator generator, string jobId)
    {
        public IVideoGenerator Generator { get; } = generator;

        public string JobId { get; } = jobId;

        public DateTimeOffset Due { get; set; }

        public DateTimeOffset Earliest { get; set; }

        // Continuations run on the thread pool: completing a batch of waits must not run them all inline on the timer.
        public TaskCompletionSource<VideoJob> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
