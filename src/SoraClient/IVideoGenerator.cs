namespace SoraClient;

/// <summary>
/// Generates videos through one gateway. A video job runs for minutes on the gateway: submit it, read its
/// state, then stream its content. Waiting, downloading and submit-and-wait are extension methods in
/// <see cref="VideoGeneratorExtensions"/> and behave the same for every adapter.
/// </summary>
/// <remarks>Implementations are thread-safe and meant to be long-lived (one per gateway registration).</remarks>
public interface IVideoGenerator : IDisposable
{
    /// <summary>Submits a generation job. The gateway bills the job once it accepts it.</summary>
    /// <param name="request">What to generate.</param>
    /// <param name="options">Per-call options, or <see langword="null"/> for the generator's defaults.</param>
    /// <param name="cancellationToken">Cancels the call (a job the gateway already accepted keeps running).</param>
    /// <returns>The job as the gateway reported it right after accepting it.</returns>
    /// <exception cref="VideoRequestValidationException">The request is invalid for the model; nothing was sent.</exception>
    /// <exception cref="VideoProviderException">The gateway refused the request.</exception>
    /// <exception cref="VideoSubmissionUncertainException">The request may have reached the gateway but no answer came.</exception>
    Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Reads the current state of a job.</summary>
    /// <param name="jobId">The gateway's job id (<see cref="VideoJob.Id"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job's current state.</returns>
    /// <exception cref="VideoJobNotFoundException">The gateway does not know the job.</exception>
    /// <exception cref="VideoProviderException">The gateway answered with an error.</exception>
    Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Opens a streamed response with one of a finished job's assets. Dispose it when done.</summary>
    /// <param name="job">A job whose <see cref="VideoJob.Status"/> is <see cref="VideoJobStatus.Succeeded"/>.</param>
    /// <param name="kind">Which asset to open.</param>
    /// <param name="cancellationToken">Cancels the call and the returned stream's reads.</param>
    /// <returns>The open content; reading resumes transparently after a dropped connection where the gateway allows it.</returns>
    /// <exception cref="NotSupportedException">The gateway does not offer this asset kind.</exception>
    /// <exception cref="VideoProviderException">The gateway answered with an error (for example, the asset expired).</exception>
    Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video,
        CancellationToken cancellationToken = default);

    /// <summary>Asks for a service the generator or one of its inner generators provides.</summary>
    /// <param name="serviceType">The type of service wanted, for example <see cref="VideoGeneratorMetadata"/>.</param>
    /// <param name="serviceKey">An optional key.</param>
    /// <returns>The service, or <see langword="null"/> when none is available.</returns>
    object? GetService(Type serviceType, object? serviceKey = null);
}
