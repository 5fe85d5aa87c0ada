using System.Runtime.CompilerServices;
using SoraClient.Http;

namespace SoraClient.Polling;

/// <summary>
/// Reads a job until it finishes, on the schedule of <see cref="PollSchedule"/>. It holds no thread while
/// waiting (only a <see cref="TimeProvider"/> timer), so thousands of jobs can wait at once.
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
        var last = submitted;
        var delay = TimeSpan.Zero;
        if (submitted is not null)
        {
            yield return submitted;
            if (submitted.IsTerminal)
            {
                yield break;
            }

            delay = submitted.PollAfter ?? options.InitialDelay;
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
            await Task.Delay(delay < remaining ? delay : remaining, time, cancellationToken).ConfigureAwait(false);
            var (job, failure) = await TryReadAsync(generator, jobId, cancellationToken).ConfigureAwait(false);
            if (job is null)
            {
                if (!IsTolerated(failure!) || ++failures > options.MaxConsecutiveFailures)
                {
                    throw failure!;
                }

                delay = schedule.AfterFailure(failure!);
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

            delay = schedule.Next(job, time.GetUtcNow());
        }
    }

    private static async Task<(VideoJob? Job, Exception? Failure)> TryReadAsync(IVideoGenerator generator, string jobId, CancellationToken cancellationToken)
    {
        SoraTelemetry.Polls.Add(1);
        try
        {
            return (await generator.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false), null);
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
