using Microsoft.Extensions.Logging;

namespace SoraClient;

/// <summary>
/// Middleware that logs each call: Debug for calls and results, Warning for failures. Prompts, keys and raw
/// responses are never logged; only their shape (model, settings, job id, status).
/// </summary>
public partial class LoggingVideoGenerator : DelegatingVideoGenerator
{
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="LoggingVideoGenerator"/> class.</summary>
    /// <param name="innerGenerator">The generator calls are passed to.</param>
    /// <param name="logger">Where to log.</param>
    public LoggingVideoGenerator(IVideoGenerator innerGenerator, ILogger logger)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <inheritdoc/>
    public override async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        LogSubmitting(request.Model, request.DurationSeconds, request.Size ?? $"{request.AspectRatio}/{request.Resolution}", request.Prompt?.Length ?? 0, request.ReferenceImage is not null);
        try
        {
            var job = await base.SubmitAsync(request, options, cancellationToken).ConfigureAwait(false);
            LogSubmitted(job.Provider, job.Id, job.Status, job.Effective?.DurationSeconds, job.Effective?.Size);
            return job;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(nameof(SubmitAsync), ex.GetType().Name, ex.Message);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        try
        {
            var job = await base.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            LogRead(job.Provider, job.Id, job.Status, job.Progress, job.ProviderStatus);
            return job;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(nameof(GetJobAsync), ex.GetType().Name, ex.Message);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            var content = await base.GetContentAsync(job, kind, cancellationToken).ConfigureAwait(false);
            LogContent(job.Provider, job.Id, kind, content.MediaType, content.Length);
            return content;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(nameof(GetContentAsync), ex.GetType().Name, ex.Message);
            throw;
        }
    }

    [LoggerMessage(LogLevel.Debug, "Submitting a video: model {Model}, {DurationSeconds} s, size {Size}, prompt of {PromptLength} characters, reference image {HasReferenceImage}")]
    private partial void LogSubmitting(string? model, int? durationSeconds, string size, int promptLength, bool hasReferenceImage);

    [LoggerMessage(LogLevel.Debug, "{Provider} accepted job {JobId} ({Status}), {DurationSeconds} s at {Size}")]
    private partial void LogSubmitted(string provider, string jobId, VideoJobStatus status, int? durationSeconds, string? size);

    [LoggerMessage(LogLevel.Debug, "{Provider} job {JobId}: {Status} {Progress}% ({ProviderStatus})")]
    private partial void LogRead(string provider, string jobId, VideoJobStatus status, int? progress, string? providerStatus);

    [LoggerMessage(LogLevel.Debug, "{Provider} job {JobId}: opened {Kind} ({MediaType}, {Length} bytes)")]
    private partial void LogContent(string provider, string jobId, VideoAssetKind kind, string? mediaType, long? length);

    [LoggerMessage(LogLevel.Warning, "{Operation} failed with {ExceptionType}: {Message}")]
    private partial void LogFailed(string operation, string exceptionType, string message);
}
