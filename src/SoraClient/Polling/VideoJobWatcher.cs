using System.Runtime.CompilerServices;

namespace SoraClient.Polling;

/// <summary>
/// Submits a job and follows it to the end: from the gateway's stream when streaming is asked for and offered
/// (<see cref="IVideoStreamingGenerator"/>), otherwise, or after the stream ends early, by reading its status with
/// <see cref="VideoJobWaiter"/>. The job is submitted exactly once either way.
/// </summary>
internal static class VideoJobWatcher
{
    public static async IAsyncEnumerable<VideoJob> SubmitAndWatchAsync(IVideoGenerator generator, VideoGenerationRequest request,
        VideoGenerationOptions? options, VideoWaitOptions? waitOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        waitOptions ??= new VideoWaitOptions();
        VideoWaitOptions.Validate(waitOptions);
        var streaming = WantsStreaming(generator, options) ? generator.GetService(typeof(IVideoStreamingGenerator)) as IVideoStreamingGenerator : null;
        var updates = streaming is null
            ? SubmitThenPollAsync(generator, request, options, waitOptions, cancellationToken)
            : StreamThenPollAsync(generator, streaming, request, options, waitOptions, cancellationToken);
        await foreach (var job in updates.ConfigureAwait(false))
        {
            yield return job;
        }
    }

    private static async IAsyncEnumerable<VideoJob> SubmitThenPollAsync(IVideoGenerator generator, VideoGenerationRequest request,
        VideoGenerationOptions? options, VideoWaitOptions waitOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var submitted = await generator.SubmitAsync(request, options, cancellationToken).ConfigureAwait(false);
        await foreach (var job in VideoJobWaiter.WatchAsync(generator, submitted.Id, submitted, waitOptions, cancellationToken).ConfigureAwait(false))
        {
            yield return job;
        }
    }

    private static async IAsyncEnumerable<VideoJob> StreamThenPollAsync(IVideoGenerator generator, IVideoStreamingGenerator streaming,
        VideoGenerationRequest request, VideoGenerationOptions? options, VideoWaitOptions waitOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var time = waitOptions.TimeProvider ?? generator.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        var started = time.GetUtcNow();
        var stream = new StreamProgress();
        await foreach (var job in StreamAsync(streaming, request, options, waitOptions.Timeout, time, stream, cancellationToken).ConfigureAwait(false))
        {
            yield return job;
            if (job.IsTerminal)
            {
                yield break;
            }
        }

        // The stream ended before the job did: read the same job until it finishes, within what is left of the time limit.
        var last = stream.Last
            ?? throw new InvalidOperationException($"{streaming.GetType().Name} ended its stream without reporting a job."); // it must throw instead
        var remaining = waitOptions.Timeout - (time.GetUtcNow() - started);
        if (remaining <= TimeSpan.Zero)
        {
            throw new VideoWaitTimeoutException(last, waitOptions.Timeout);
        }

        var repeated = true; // the waiter starts by repeating the state it is given, which was already yielded
        await foreach (var job in VideoJobWaiter.WatchAsync(generator, last.Id, last, waitOptions.WithTimeout(remaining), cancellationToken).ConfigureAwait(false))
        {
            if (!repeated)
            {
                yield return job;
            }

            repeated = false;
        }
    }

    /// <summary>The streamed states, under the wait's time limit; <paramref name="progress"/> keeps the last one.</summary>
    private static async IAsyncEnumerable<VideoJob> StreamAsync(IVideoStreamingGenerator streaming, VideoGenerationRequest request,
        VideoGenerationOptions? options, TimeSpan timeout, TimeProvider time, StreamProgress progress, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var updates = streaming.SubmitStreamingAsync(request, options, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw progress.Last is { } last
                        ? new VideoWaitTimeoutException(last, timeout)
                        : new VideoSubmissionUncertainException(null,
                            $"The job was submitted but its id had not arrived when the wait's time limit ({timeout}) passed; it may exist and be billed.", null);
                }

                if (!more)
                {
                    yield break;
                }

                progress.Last = updates.Current;
                yield return updates.Current;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool WantsStreaming(IVideoGenerator generator, VideoGenerationOptions? options) =>
        (options?.DeliveryMode
            ?? (generator.GetService(typeof(VideoGeneratorMetadata)) as VideoGeneratorMetadata)?.DefaultDeliveryMode
            ?? VideoDeliveryMode.Polling) == VideoDeliveryMode.Streaming;

    private sealed class StreamProgress
    {
        public VideoJob? Last { get; set; }
    }
}
