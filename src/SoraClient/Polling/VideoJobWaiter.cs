using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using SoraClient.Http;

namespace SoraClient.Polling;

/// <summary>
/// Reads a job until it finishes, on the schedule of <see cref="PollSchedule"/>. It holds no thread while
/// waiting (only a <see cref="TimeProvider"/> timer), so thousands of jobs can wait at once. When the generator
/// reads many jobs per request (<see cref="IVideoJobBatchReader"/>), the reads of all its waits are gathered into
/// batch requests by <see cref="VideoJobReadBatcher"/> instead. When it offers pushed updates (<see cref="IVideoJobUpdateSource"/>,
/// a webhook receiver), each wait ends early when an update arrives, and reads happen only every safety interval.
/// </summary>
internal static class VideoJobWaiter
{
    /// <summary>The last read before the deadline starts this long before it, so that an answer in time is still heard.</summary>
    private static readonly TimeSpan s_finalReadLead = TimeSpan.FromSeconds(1);

    /// <summary>Yields the job each time its state changes, ending with the terminal state.</summary>
    public static async IAsyncEnumerable<VideoJob> WatchAsync(IVideoGenerator generator, string jobId, VideoJob? submitted,
        VideoWaitOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options ??= new VideoWaitOptions();
        VideoWaitOptions.Validate(options);
        var time = options.TimeProvider ?? generator.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var deadline = time.GetUtcNow() + options.Timeout;
        var schedule = new PollSchedule(options, start: deadline - options.Timeout);
        var batcher = VideoJobReadBatcher.For(generator, time);
        var updates = generator.GetService(typeof(IVideoJobUpdateSource)) as IVideoJobUpdateSource;
        var last = submitted;
        var (delay, hinted) = (TimeSpan.Zero, false); // hinted: the gateway asked for the delay, so a batched read must not come early
        if (submitted is not null)
        {
            (generator.GetService(typeof(IVideoJobCreationAware)) as IVideoJobCreationAware)?.Resuming(submitted);
            schedule.Starting(submitted);
            yield return submitted;
            if (submitted.IsTerminal)
            {
                yield break;
            }

            (delay, hinted) = updates is not null
                ? (updates.SafetyPollInterval, false)
                : (submitted.PollAfter is { } hint ? schedule.Floor(hint) : options.InitialDelay, submitted.PollAfter is not null);
        }

        var failures = 0;
        var finalReadDone = false;
        while (true)
        {
            var (read, final) = PlanRead(delay, deadline - time.GetUtcNow(), finalReadDone)
                ?? throw new VideoWaitTimeoutException(last ?? Placeholder(generator, jobId), options.Timeout);
            finalReadDone |= final;
            var pushed = updates is null ? null : await WaitForUpdateAsync(updates, jobId, last, read, time, cancellationToken).ConfigureAwait(false);
            var (job, failure) = pushed is not null
                ? (pushed, null) // the update source confirmed it already
                : await ReadAsync(generator, batcher, jobId, updates is null ? read : TimeSpan.Zero, hinted || final, deadline, time, cancellationToken).ConfigureAwait(false);
            job = KeepSubmitted(submitted, job);
            if (job is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ThrowIfFatal(failure, ++failures, options, jobId, last ?? Placeholder(generator, jobId));
                (delay, hinted) = (schedule.AfterFailure(failure!), failure is VideoProviderException { RetryAfter: not null });
                continue;
            }

            failures = 0;
            var changed = last is null || HasChanged(last, job);
            last = job;
            if (changed)
            {
                yield return job;
            }

            if (job.IsTerminal)
            {
                yield break;
            }

            (delay, hinted) = updates is not null ? (updates.SafetyPollInterval, false) : (schedule.Next(job, time.GetUtcNow()), job.PollAfter is not null);
        }
    }

    /// <summary>Waits up to <paramref name="delay"/> for a pushed update; <see langword="null"/> when none came (then the caller reads).</summary>
    private static async Task<VideoJob?> WaitForUpdateAsync(IVideoJobUpdateSource updates, string jobId, VideoJob? known, TimeSpan delay,
        TimeProvider time, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var update = updates.WaitForUpdateAsync(jobId, known, stop.Token);
        var first = await Task.WhenAny(update, Task.Delay(delay, time, stop.Token)).ConfigureAwait(false);

        // Inline, not CancelAsync: the callbacks are this wait's own two (cheap), and the wait goes on on the thread the
        // timer or the update woke it on, instead of hopping to the thread pool on every poll.
#pragma warning disable VSTHRD103
        stop.Cancel();
#pragma warning restore VSTHRD103
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return first == update ? await update.ConfigureAwait(false) : null;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // a broken source costs a read, never the wait
        }
    }

    /// <summary>
    /// When the next read happens, given the delay the schedule wants and the time left: <see langword="null"/> when the wait is
    /// over. A read that would not be answered before the deadline becomes the final read, moved to a second before it.
    /// </summary>
    private static (TimeSpan Delay, bool Final)? PlanRead(TimeSpan delay, TimeSpan remaining, bool finalReadDone)
    {
        var final = delay > remaining - s_finalReadLead;
        return remaining <= TimeSpan.Zero || (final && finalReadDone) ? null
            : final ? (remaining > s_finalReadLead ? remaining - s_finalReadLead : TimeSpan.Zero, true)
            : (delay, false);
    }

    /// <summary>Ends the wait after a failed read unless it may be retried: at the deadline, on a permanent error, or past the failure budget.</summary>
    private static void ThrowIfFatal(Exception? failure, int failures, VideoWaitOptions options, string jobId, VideoJob last)
    {
        if (failure is null)
        {
            throw new VideoWaitTimeoutException(last, options.Timeout);
        }

        if (!IsTolerated(failure) || failures > options.MaxConsecutiveFailures)
        {
            (failure as VideoGenerationException)?.NameJob(jobId);
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Reads the job once <paramref name="delay"/> has passed: alone after a timer, or in a batch (maybe a little early unless <paramref name="exact"/>).</summary>
    /// <remarks>
    /// The deadline cancels the read in flight (and the retries inside it), so a stalled gateway cannot hold the wait past it;
    /// then, or when the caller cancels, neither a job nor a failure comes back. The timer exists only during the read, so a
    /// waiting job holds one timer.
    /// </remarks>
    private static async Task<(VideoJob? Job, Exception? Failure)> ReadAsync(IVideoGenerator generator, VideoJobReadBatcher? batcher, string jobId,
        TimeSpan delay, bool exact, DateTimeOffset deadline, TimeProvider time, CancellationToken cancellationToken)
    {
        if (batcher is null)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return (null, null);
            }
        }

        var remaining = deadline - time.GetUtcNow();
        using var expiry = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            SoraTelemetry.Polls.Add(1);
            var job = batcher is not null
                ? await batcher.ReadAsync(generator, jobId, delay, exact, bounded.Token).ConfigureAwait(false)
                : await generator.GetJobAsync(jobId, bounded.Token).ConfigureAwait(false);
            return (job, null);
        }
        catch (Exception) when (bounded.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (Exception ex)
        {
            return (null, ex);
        }
    }

    /// <summary>
    /// A read carries what the gateway reports, which is not always what was sent: the submitted job's settings (with the
    /// adjustments normalisation made) stay with the job through the wait, for every gateway alike.
    /// </summary>
    private static VideoJob? KeepSubmitted(VideoJob? submitted, VideoJob? read) =>
        read is not null && submitted?.Effective is { } sent && !ReferenceEquals(read.Effective, sent) && string.Equals(read.Id, submitted.Id, StringComparison.Ordinal)
            ? read with { Effective = sent }
            : read;

    private static bool IsTolerated(Exception failure) => failure is VideoProviderException { IsTransient: true } or HttpRequestException or TimeoutException;

    internal static bool HasChanged(VideoJob previous, VideoJob current) =>
        previous.Status != current.Status
        || previous.Progress != current.Progress
        || !string.Equals(previous.ProviderStatus, current.ProviderStatus, StringComparison.Ordinal)
        || previous.Assets.Count != current.Assets.Count;

    internal static VideoJob Placeholder(IVideoGenerator generator, string jobId) => new()
    {
        Id = jobId,
        Provider = (generator.GetService(typeof(VideoGeneratorMetadata)) as VideoGeneratorMetadata)?.ProviderName ?? "unknown",
        Status = VideoJobStatus.Queued,
    };
}
