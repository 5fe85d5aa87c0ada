namespace SoraClient;

/// <summary>
/// A generator that passes every call to an inner generator: the base class for middleware such as logging.
/// Override the members whose behaviour you want to change.
/// </summary>
/// <remarks>
/// When the inner generator reads many jobs per request (<see cref="IVideoJobBatchReader"/>), so does this one: waits on it
/// gather their reads into <see cref="GetJobsAsync"/> calls that pass through this middleware, as single reads pass through
/// <see cref="GetJobAsync"/>. A middleware that watches reads overrides both.
/// </remarks>
public class DelegatingVideoGenerator : IVideoGenerator, IVideoJobBatchReader
{
    /// <summary>Initializes a new instance of the <see cref="DelegatingVideoGenerator"/> class.</summary>
    /// <param name="innerGenerator">The generator calls are passed to.</param>
    protected DelegatingVideoGenerator(IVideoGenerator innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(innerGenerator);
        InnerGenerator = innerGenerator;
    }

    /// <summary>Gets the generator calls are passed to.</summary>
    protected IVideoGenerator InnerGenerator { get; }

    /// <inheritdoc/>
    public virtual Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        InnerGenerator.SubmitAsync(request, options, cancellationToken);

    /// <inheritdoc/>
    public virtual Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        InnerGenerator.GetJobAsync(jobId, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>The inner generator's; 1 when it does not read batches.</remarks>
    public virtual int MaxBatchSize => InnerBatchReader?.MaxBatchSize ?? 1;

    /// <summary>Reads several jobs in the inner generator's batch requests; waits call this instead of <see cref="GetJobAsync"/> when the inner generator offers batches.</summary>
    /// <param name="jobIds">The gateway's job ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs the gateway knows, in no particular order; an id it does not know is missing from the list.</returns>
    /// <exception cref="NotSupportedException">The inner generator does not read batches.</exception>
    public virtual Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default) =>
        (InnerBatchReader ?? throw new NotSupportedException("The inner generator does not read jobs in batches.")).GetJobsAsync(jobIds, cancellationToken);

    /// <inheritdoc/>
    public virtual Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
        InnerGenerator.GetContentAsync(job, kind, cancellationToken);

    /// <inheritdoc/>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null && serviceType == typeof(IVideoJobBatchReader))
        {
            return InnerBatchReader is null ? null : this; // batched reads pass through this middleware too
        }

        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerGenerator.GetService(serviceType, serviceKey);
    }

    private IVideoJobBatchReader? InnerBatchReader => InnerGenerator.GetService(typeof(IVideoJobBatchReader)) as IVideoJobBatchReader;

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Disposes the inner generator.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            InnerGenerator.Dispose();
        }
    }
}
