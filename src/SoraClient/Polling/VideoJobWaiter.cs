using System.Runtime.CompilerServices;
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
    /// <summary>Yields the job each time its state changes, ending with the terminal state.</summary>
    public static async IAsyncEnumerable<VideoJob> WatchAsync(IVideoGenerator generator, string jobId, VideoJob? submitted,
        VideoWaitOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        options ??= new VideoWaitOptions();
        VideoWaitOptions.Validate(options);
        var time = options.TimeProvider ?? generator.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var deadline = time.GetUtcNow() + options.Timeout;
        var schedule = new PollSchedule(options);
        var batcher = VideoJobReadBatcher.For(generator, time);
        var updates = generator.GetService(typeof(IVideoJobUpdateSource)) as IVideoJobUpdateSource;
        var last = submitted;
        var (delay, hinted) = (TimeSpan.Zero, false); // hinted: the gateway asked for the delay, so a batched read must not come early
        if (submitted is not null)
        {
            yield return submitted;
            if (submitted.IsTerminal)
            {
                yield break;
            }

            (delay, hinted) = updates is not null ? (updates.SafetyPollInterval, false) : (submitted.PollAfter ?? options.InitialDelay, submitted.PollAfter is not null);
        }

        var failures = 0;
        while (true)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                throw new VideoWaitTimeoutException(last ?? Placeholder(generator, jobId), options.Timeout);
            }

            // The last read happens at the deadline, so a job finishing just in time is not missed.
            var (job, failure) = updates is not null && await WaitForUpdateAsync(updates, jobId, last, delay < remaining ? delay : remaining, time, cancellationToken).ConfigureAwait(false) is { } pushed
                ? (pushed, null) // the update source confirmed it already
                : await ReadAsync(generator, batcher, jobId, updates is not null ? TimeSpan.Zero : delay < remaining ? delay : remaining, hinted || delay >= remaining, time, cancellationToken).ConfigureAwait(false);
            if (job is null)
            {
                if (!IsTolerated(failure!) || ++failures > options.MaxConsecutiveFailures)
                {
                    throw failure!;
                }

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
        await stop.CancelAsync().ConfigureAwait(false);
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

    /// <summary>Reads the job once <paramref name="delay"/> has passed: alone after a timer, or in a batch (maybe a little early unless <paramref name="exact"/>).</summary>
    private static async Task<(VideoJob? Job, Exception? Failure)> ReadAsync(IVideoGenerator generator, VideoJobReadBatcher? batcher, string jobId,
        TimeSpan delay, bool exact, TimeProvider time, CancellationToken cancellationToken)
    {
        if (batcher is not null)
        {
            return await TryReadAsync(() => batcher.ReadAsync(generator, jobId, delay, exact, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        return await TryReadAsync(() => generator.GetJobAsync(jobId, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(VideoJob? Job, Exception? Failure)> TryReadAsync(Func<Task<VideoJob>> read, CancellationToken cancellationToken)
    {
        SoraTelemetry.Polls.Add(1);
        try
        {
            return (await read().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, ex);
        }
    }

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
