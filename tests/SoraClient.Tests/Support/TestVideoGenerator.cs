namespace SoraClient.Tests.Support;

/// <summary>A hand-written fake generator (MEAI style): each member calls the matching callback.</summary>
public sealed class TestVideoGenerator : IVideoGenerator
{
    public Func<VideoGenerationRequest, VideoGenerationOptions?, CancellationToken, Task<VideoJob>>? SubmitAsyncCallback { get; set; }

    public Func<string, CancellationToken, Task<VideoJob>>? GetJobAsyncCallback { get; set; }

    public Func<VideoJob, VideoAssetKind, CancellationToken, Task<VideoContent>>? GetContentAsyncCallback { get; set; }

    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Exposed through <see cref="GetService"/> unless <see cref="GetServiceCallback"/> answers.</summary>
    public TimeProvider? TimeProvider { get; set; }

    public VideoGeneratorMetadata? Metadata { get; set; }

    public bool IsDisposed { get; private set; }

    public Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        (SubmitAsyncCallback ?? throw new InvalidOperationException("No SubmitAsyncCallback"))(request, options, cancellationToken);

    public Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default) =>
        (GetJobAsyncCallback ?? throw new InvalidOperationException("No GetJobAsyncCallback"))(jobId, cancellationToken);

    public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default) =>
        (GetContentAsyncCallback ?? throw new InvalidOperationException("No GetContentAsyncCallback"))(job, kind, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (GetServiceCallback is { } callback)
        {
            return callback(serviceType, serviceKey);
        }

        return serviceKey is not null ? null
            : serviceType == typeof(TimeProvider) ? TimeProvider
            : serviceType == typeof(VideoGeneratorMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => IsDisposed = true;
}
