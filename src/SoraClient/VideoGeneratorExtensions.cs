using System.Buffers;
using SoraClient.Normalization;
using SoraClient.Polling;

namespace SoraClient;

/// <summary>Waiting, downloading and service look-ups that work the same for every <see cref="IVideoGenerator"/>.</summary>
public static class VideoGeneratorExtensions
{
    /// <summary>Asks the generator for a service of type <typeparamref name="TService"/>.</summary>
    /// <typeparam name="TService">The service type, for example <see cref="VideoGeneratorMetadata"/> or an adapter type.</typeparam>
    /// <param name="generator">The generator.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    public static TService? GetService<TService>(this IVideoGenerator generator, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return generator.GetService(typeof(TService), serviceKey) is TService service ? service : default;
    }

    /// <summary>Asks the generator for a service of type <typeparamref name="TService"/> and throws when there is none.</summary>
    /// <typeparam name="TService">The service type.</typeparam>
    /// <param name="generator">The generator.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <returns>The service.</returns>
    /// <exception cref="InvalidOperationException">The generator does not provide the service.</exception>
    public static TService GetRequiredService<TService>(this IVideoGenerator generator, object? serviceKey = null) =>
        generator.GetService<TService>(serviceKey)
        ?? throw new InvalidOperationException($"The video generator does not provide a {typeof(TService).Name}.");

    /// <summary>Reads a job until it finishes, reporting each change.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="jobId">The job's id; the first read happens at once.</param>
    /// <param name="options">The wait schedule and time limit.</param>
    /// <param name="progress">Receives each new state.</param>
    /// <param name="cancellationToken">Stops waiting (the job keeps running on the gateway).</param>
    /// <returns>The succeeded job.</returns>
    /// <exception cref="VideoJobFailedException">The job failed, was canceled or expired.</exception>
    /// <exception cref="VideoWaitTimeoutException">The time limit passed; the exception carries the last state.</exception>
    /// <exception cref="VideoProviderException">A read failed with a permanent error, or too many reads in a row failed.</exception>
    public static Task<VideoJob> WaitForCompletionAsync(this IVideoGenerator generator, string jobId, VideoWaitOptions? options = null,
        IProgress<VideoJob>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        return CompleteAsync(VideoJobWaiter.WatchAsync(generator, jobId, null, options, cancellationToken), progress);
    }

    /// <summary>Reads a job until it finishes, reporting each change. The first read waits <see cref="VideoWaitOptions.InitialDelay"/> (or the gateway's hint).</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="job">The job, typically just returned by <see cref="IVideoGenerator.SubmitAsync"/>.</param>
    /// <param name="options">The wait schedule and time limit.</param>
    /// <param name="progress">Receives each new state.</param>
    /// <param name="cancellationToken">Stops waiting (the job keeps running on the gateway).</param>
    /// <returns>The succeeded job.</returns>
    /// <exception cref="VideoJobFailedException">The job failed, was canceled or expired.</exception>
    /// <exception cref="VideoWaitTimeoutException">The time limit passed; the exception carries the last state.</exception>
    /// <exception cref="VideoProviderException">A read failed with a permanent error, or too many reads in a row failed.</exception>
    public static Task<VideoJob> WaitForCompletionAsync(this IVideoGenerator generator, VideoJob job, VideoWaitOptions? options = null,
        IProgress<VideoJob>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(job);
        return CompleteAsync(VideoJobWaiter.WatchAsync(generator, job.Id, job, options, cancellationToken), progress);
    }

    /// <summary>Reads a job until it finishes and yields each new state, the terminal one last (also when it failed).</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="jobId">The job's id; the first read happens at once.</param>
    /// <param name="options">The wait schedule and time limit.</param>
    /// <param name="cancellationToken">Stops waiting (the job keeps running on the gateway).</param>
    /// <returns>The states.</returns>
    /// <exception cref="VideoWaitTimeoutException">The time limit passed.</exception>
    public static IAsyncEnumerable<VideoJob> WatchAsync(this IVideoGenerator generator, string jobId, VideoWaitOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        return VideoJobWaiter.WatchAsync(generator, jobId, null, options, cancellationToken);
    }

    /// <summary>
    /// Submits a job and waits until it finishes. When <see cref="VideoGenerationOptions.DeliveryMode"/> (or the generator's
    /// <see cref="VideoGeneratorMetadata.DefaultDeliveryMode"/>) is <see cref="VideoDeliveryMode.Streaming"/> and the generator
    /// offers <see cref="IVideoStreamingGenerator"/>, the updates come from the gateway's stream; otherwise, and if the stream
    /// ends early, the job's status is read. The job is submitted once, whatever happens.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="request">What to generate.</param>
    /// <param name="options">Per-call generation options.</param>
    /// <param name="waitOptions">The wait schedule and time limit.</param>
    /// <param name="progress">Receives each new state, starting with the submitted job (whose id finds it again).</param>
    /// <param name="cancellationToken">Cancels the call (a job the gateway already accepted keeps running).</param>
    /// <returns>The succeeded job.</returns>
    /// <exception cref="VideoRequestValidationException">The request is invalid for the model; nothing was sent.</exception>
    /// <exception cref="VideoSubmissionUncertainException">The create request may have reached the gateway but no answer came.</exception>
    /// <exception cref="VideoJobFailedException">The job failed, was canceled or expired.</exception>
    /// <exception cref="VideoWaitTimeoutException">The time limit passed; the exception carries the last state.</exception>
    public static Task<VideoJob> GenerateAsync(this IVideoGenerator generator, VideoGenerationRequest request,
        VideoGenerationOptions? options = null, VideoWaitOptions? waitOptions = null, IProgress<VideoJob>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return CompleteAsync(VideoJobWatcher.SubmitAndWatchAsync(generator, request, options, waitOptions, cancellationToken), progress);
    }

    /// <summary>
    /// Submits a job and yields each new state until it finishes, the terminal one last (also when it failed): from the
    /// gateway's stream when streaming is chosen and offered (see <see cref="GenerateAsync"/>), otherwise by reading its status.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="request">What to generate.</param>
    /// <param name="options">Per-call generation options (<see cref="VideoGenerationOptions.DeliveryMode"/> picks streaming).</param>
    /// <param name="waitOptions">The wait schedule and time limit (the limit covers the stream too).</param>
    /// <param name="cancellationToken">Stops following the job (a job the gateway already accepted keeps running).</param>
    /// <returns>The states, starting with the submitted job.</returns>
    /// <exception cref="VideoRequestValidationException">The request is invalid for the model; nothing was sent.</exception>
    /// <exception cref="VideoSubmissionUncertainException">The create request may have reached the gateway but no answer came.</exception>
    /// <exception cref="VideoWaitTimeoutException">The time limit passed; the exception carries the last state.</exception>
    public static IAsyncEnumerable<VideoJob> SubmitAndWatchAsync(this IVideoGenerator generator, VideoGenerationRequest request,
        VideoGenerationOptions? options = null, VideoWaitOptions? waitOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(request);
        return VideoJobWatcher.SubmitAndWatchAsync(generator, request, options, waitOptions, cancellationToken);
    }

    /// <summary>Streams a finished job's asset into a stream, resuming after dropped connections.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="job">A succeeded job.</param>
    /// <param name="destination">Where the bytes go.</param>
    /// <param name="progress">Receives the number of bytes written so far.</param>
    /// <param name="kind">Which asset.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="InvalidOperationException">The job has not succeeded.</exception>
    /// <exception cref="VideoProviderException">The gateway refused the download or the body was incomplete.</exception>
    public static async Task<long> DownloadAsync(this IVideoGenerator generator, VideoJob job, Stream destination,
        IProgress<long>? progress = null, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(destination);
        EnsureSucceeded(job);
        try
        {
            return await CopyContentAsync(generator, job, destination, progress, kind, cancellationToken).ConfigureAwait(false);
        }
        catch (VideoGenerationException ex)
        {
            ex.NameJob(job.Id);
            throw;
        }
    }

    // A download that cannot resume (the server sent no validator) starts again from zero when the destination can be rewound.
    private static async Task<long> CopyContentAsync(IVideoGenerator generator, VideoJob job, Stream destination, IProgress<long>? progress,
        VideoAssetKind kind, CancellationToken cancellationToken)
    {
        const int MaxRestarts = 3;
        var start = destination.CanSeek ? destination.Position : -1;
        for (var restarts = 0; ; restarts++)
        {
            try
            {
                return await CopyOnceAsync(generator, job, destination, progress, kind, cancellationToken).ConfigureAwait(false);
            }
            catch (VideoProviderException ex) when (string.Equals(ex.ProviderErrorCode, "download_not_resumable", StringComparison.Ordinal) && start >= 0 && restarts < MaxRestarts)
            {
                destination.SetLength(start);
                destination.Position = start;
                progress?.Report(0);
            }
        }
    }

    private static async Task<long> CopyOnceAsync(IVideoGenerator generator, VideoJob job, Stream destination, IProgress<long>? progress,
        VideoAssetKind kind, CancellationToken cancellationToken)
    {
        var content = await generator.GetContentAsync(job, kind, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long total = 0;
                int read;
                while ((read = await content.Content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    total += read;
                    progress?.Report(total);
                }

                if (content.Length is { } expected && total != expected)
                {
                    throw new VideoProviderException(job.Provider, $"{job.Provider}: the download of job {job.Id} ended after {total} of {expected} bytes.", null, "download_incomplete");
                }

                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Downloads a finished job's asset to a file. The bytes go to a temporary file in the same folder, renamed
    /// into place only when complete, so <paramref name="path"/> never holds a partial video.
    /// </summary>
    /// <param name="generator">The generator.</param>
    /// <param name="job">A succeeded job.</param>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <param name="progress">Receives the number of bytes written so far.</param>
    /// <param name="kind">Which asset.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The full path of the written file.</returns>
    /// <exception cref="InvalidOperationException">The job has not succeeded.</exception>
    /// <exception cref="VideoProviderException">The gateway refused the download or the body was incomplete.</exception>
    public static async Task<string> DownloadToFileAsync(this IVideoGenerator generator, VideoJob job, string path,
        IProgress<long>? progress = null, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        EnsureSucceeded(job);
        var fullPath = Path.GetFullPath(path);
        var temporary = fullPath + $".{Guid.NewGuid():N}.part";
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await generator.DownloadAsync(job, file, progress, kind, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, fullPath, overwrite: true);
            return fullPath;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Estimates what a request would cost, from the generator's capability and price data, without sending anything.</summary>
    /// <param name="generator">The generator.</param>
    /// <param name="request">The request.</param>
    /// <param name="options">Per-call options (normalisation mode).</param>
    /// <returns>The estimate, or <see langword="null"/> when the model has no price data.</returns>
    /// <exception cref="VideoRequestValidationException">The request is invalid for the model.</exception>
    /// <exception cref="InvalidOperationException">The generator publishes no <see cref="VideoGeneratorMetadata"/>.</exception>
    public static VideoCostEstimate? EstimateCost(this IVideoGenerator generator, VideoGenerationRequest request, VideoGenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = generator.GetRequiredService<VideoGeneratorMetadata>();
        var variants = VideoRequestNormalizer.ResolveVariants(metadata.ProviderName, request.Model, metadata.DefaultModel ?? string.Empty, metadata.Models);
        var (model, settings) = VideoRequestNormalizer.Normalize(metadata.ProviderName, request, variants, options?.Normalization ?? metadata.DefaultNormalization);
        return VideoRequestNormalizer.PriceOf(model, settings) is { } amount ? new VideoCostEstimate(amount, model.Currency, settings) : null;
    }

    private static void EnsureSucceeded(VideoJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status != VideoJobStatus.Succeeded)
        {
            throw new InvalidOperationException($"{job.Provider} job {job.Id} is {job.Status}; only a succeeded job can be downloaded. Wait for it first.");
        }
    }

    private static async Task<VideoJob> CompleteAsync(IAsyncEnumerable<VideoJob> updates, IProgress<VideoJob>? progress)
    {
        VideoJob? last = null;
        await foreach (var job in updates.ConfigureAwait(false))
        {
            progress?.Report(job);
            last = job;
        }

        return last is { Status: VideoJobStatus.Succeeded } ? last : throw new VideoJobFailedException(last!);
    }
}
