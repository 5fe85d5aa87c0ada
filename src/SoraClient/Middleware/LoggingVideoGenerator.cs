using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SoraClient;

/// <summary>
/// Middleware that logs each call. A job's lifecycle is logged at Information (submitted, finished, failed), an
/// uncertain submission and a failed call at Warning, and each call's detail (requests, non-final reads, content) at
/// Debug. Prompts, keys and raw responses are never logged; only their shape (model, settings, job id, status).
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
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogSubmitting(request.Model ?? "(default)", request.DurationSeconds is { } seconds ? seconds.ToString(CultureInfo.InvariantCulture) + " s" : "(default)",
                Describe(request), request.Prompt?.Length ?? 0, request.ReferenceImage is not null);
        }

        try
        {
            var job = await base.SubmitAsync(request, options, cancellationToken).ConfigureAwait(false);
            LogSubmitted(job.Provider, job.Id, job.Status, job.Effective is { } sent
                ? string.Create(CultureInfo.InvariantCulture, $"{sent.Model}, {sent.DurationSeconds} s at {sent.Size}")
                : job.Model ?? "settings not reported");
            return job;
        }
        catch (VideoSubmissionUncertainException ex)
        {
            LogUncertain(ex.Provider, ex.Message);
            throw;
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
            LogJob(job);
            return job;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(nameof(GetJobAsync), ex.GetType().Name, ex.Message);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        try
        {
            var jobs = await base.GetJobsAsync(jobIds, cancellationToken).ConfigureAwait(false);
            foreach (var job in jobs)
            {
                LogJob(job);
            }

            return jobs;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(nameof(GetJobsAsync), ex.GetType().Name, ex.Message);
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

    private void LogJob(VideoJob job)
    {
        switch (job.Status)
        {
            case VideoJobStatus.Succeeded:
                LogFinished(job.Provider, job.Id, job.Assets.Count, job.ExpiresAt);
                break;
            case VideoJobStatus.Failed or VideoJobStatus.Canceled or VideoJobStatus.Expired:
                LogJobFailed(job.Provider, job.Id, job.Status, job.Error?.Category, job.Error?.Code);
                break;
            default:
                LogRead(job.Provider, job.Id, job.Status, job.Progress, job.ProviderStatus);
                break;
        }
    }

    // "Landscape/High", "Landscape", or "(default)": never a dangling separator or "(null)"
    private static string Describe(VideoGenerationRequest request) =>
        request.Size ?? (string.Join("/", new object?[] { request.AspectRatio, request.Resolution }.OfType<object>()) is { Length: > 0 } size ? size : "(default)");

    [LoggerMessage(LogLevel.Debug, "Submitting a video: model {Model}, duration {Duration}, size {Size}, prompt of {PromptLength} characters, reference image {HasReferenceImage}")]
    private partial void LogSubmitting(string model, string duration, string size, int promptLength, bool hasReferenceImage);

    [LoggerMessage(LogLevel.Information, "{Provider} accepted job {JobId} ({Status}): {Settings}")]
    private partial void LogSubmitted(string provider, string jobId, VideoJobStatus status, string settings);

    [LoggerMessage(LogLevel.Warning, "{Provider} may have accepted the job, but no answer came; it may exist and be billed: {Message}")]
    private partial void LogUncertain(string? provider, string message);

    [LoggerMessage(LogLevel.Information, "{Provider} job {JobId} finished: {AssetCount} asset(s), downloadable until {ExpiresAt}")]
    private partial void LogFinished(string provider, string jobId, int assetCount, DateTimeOffset? expiresAt);

    [LoggerMessage(LogLevel.Information, "{Provider} job {JobId} ended {Status} ({ErrorCategory}, code {ErrorCode})")]
    private partial void LogJobFailed(string provider, string jobId, VideoJobStatus status, VideoErrorCategory? errorCategory, string? errorCode);

    [LoggerMessage(LogLevel.Debug, "{Provider} job {JobId}: {Status} {Progress}% ({ProviderStatus})")]
    private partial void LogRead(string provider, string jobId, VideoJobStatus status, int? progress, string? providerStatus);

    [LoggerMessage(LogLevel.Debug, "{Provider} job {JobId}: opened {Kind} ({MediaType}, {Length} bytes)")]
    private partial void LogContent(string provider, string jobId, VideoAssetKind kind, string? mediaType, long? length);

    [LoggerMessage(LogLevel.Warning, "{Operation} failed with {ExceptionType}: {Message}")]
    private partial void LogFailed(string operation, string exceptionType, string message);
}
