namespace SoraClient;

/// <summary>
/// A generator that passes every call to an inner generator: the base class for middleware such as logging.
/// Override the members whose behaviour you want to change.
/// </summary>
public class DelegatingVideoGenerator : IVideoGenerator
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
    public virtual Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
        InnerGenerator.GetContentAsync(job, kind, cancellationToken);

    /// <inheritdoc/>
    public virtual object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : InnerGenerator.GetService(serviceType, serviceKey);
    }

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
