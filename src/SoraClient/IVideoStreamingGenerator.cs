namespace SoraClient;

/// <summary>
/// A generator whose gateway can stream a job's progress on the submit response itself (GrsAI's default mode),
/// so no status reads are needed. Ask for it with <c>GetService&lt;IVideoStreamingGenerator&gt;()</c>;
/// <see cref="VideoGeneratorExtensions.GenerateAsync"/> and <see cref="VideoGeneratorExtensions.SubmitAndWatchAsync"/>
/// use it when <see cref="VideoGenerationOptions.DeliveryMode"/> (or the generator's default) is <see cref="VideoDeliveryMode.Streaming"/>.
/// </summary>
/// <remarks>
/// Prefer those extension methods: when the stream ends before the job finishes (a dropped connection, a stalled
/// stream), they keep following the same job by reading its status, and never submit it again. Reached through
/// <c>GetService</c>, this feature talks to the gateway directly, past any middleware around the generator.
/// </remarks>
public interface IVideoStreamingGenerator
{
    /// <summary>
    /// Submits a job in streaming mode and yields its states as the gateway streams them, the first one as soon as
    /// the job has an id. The sequence ends after a terminal state, or earlier, without an error, when the stream
    /// closes or stalls before the job finished: the last state's <see cref="VideoJob.Id"/> then finds the job again
    /// (for example with <see cref="VideoGeneratorExtensions.WaitForCompletionAsync(IVideoGenerator, VideoJob, VideoWaitOptions?, IProgress{VideoJob}?, CancellationToken)"/>).
    /// </summary>
    /// <param name="request">What to generate.</param>
    /// <param name="options">Per-call options, or <see langword="null"/> for the generator's defaults.</param>
    /// <param name="cancellationToken">Stops reading and closes the stream (a job the gateway already accepted keeps running).</param>
    /// <returns>The job's states, each different from the one before.</returns>
    /// <exception cref="VideoRequestValidationException">The request is invalid for the model; nothing was sent.</exception>
    /// <exception cref="VideoProviderException">The gateway refused the request.</exception>
    /// <exception cref="VideoSubmissionUncertainException">The request was sent but the stream ended before the job's id arrived.</exception>
    IAsyncEnumerable<VideoJob> SubmitStreamingAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null,
        CancellationToken cancellationToken = default);
}
