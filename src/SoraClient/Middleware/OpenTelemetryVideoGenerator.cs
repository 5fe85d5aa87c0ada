using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SoraClient;

/// <summary>
/// Middleware that traces each call as a span and times it, the Microsoft.Extensions.AI way, with the OpenTelemetry
/// GenAI semantic-convention attributes that fit a video job: <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c>,
/// <c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>, <c>gen_ai.response.id</c> (the job id), <c>server.address</c>,
/// <c>error.type</c>, plus <c>sora.job.status</c> and <c>sora.job.progress</c>. Prompts are not recorded unless
/// <see cref="EnableSensitiveData"/> is set. Uses <see cref="System.Diagnostics"/> only: listen with OpenTelemetry's
/// <c>AddSource(SoraClientTelemetry.ActivitySourceName)</c> and <c>AddMeter(SoraClientTelemetry.MeterName)</c>.
/// </summary>
public sealed class OpenTelemetryVideoGenerator : DelegatingVideoGenerator
{
    /// <summary>The operation name of <see cref="IVideoGenerator.SubmitAsync"/> (GenAI's generic multimodal generation).</summary>
    public const string SubmitOperationName = "generate_content";

    /// <summary>The operation name of <see cref="IVideoGenerator.GetJobAsync"/>.</summary>
    public const string GetJobOperationName = "get_video_job";

    /// <summary>The operation name of <see cref="IVideoGenerator.GetContentAsync"/>.</summary>
    public const string GetContentOperationName = "get_video_content";

    private readonly ActivitySource _source;
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;

    /// <summary>Initializes a new instance of the <see cref="OpenTelemetryVideoGenerator"/> class.</summary>
    /// <param name="innerGenerator">The generator calls are passed to.</param>
    /// <param name="sourceName">The activity source and meter name; <see cref="SoraClientTelemetry.ActivitySourceName"/> when <see langword="null"/>.</param>
    public OpenTelemetryVideoGenerator(IVideoGenerator innerGenerator, string? sourceName = null)
        : base(innerGenerator)
    {
        var name = string.IsNullOrWhiteSpace(sourceName) ? SoraClientTelemetry.ActivitySourceName : sourceName;
        _source = new ActivitySource(name);
        _meter = new Meter(name);
        _duration = _meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Duration of a video generator operation.");
    }

    /// <summary>Gets or sets a value indicating whether prompts are recorded (<c>gen_ai.prompt</c>). Off by default: prompts can be confidential.</summary>
    public bool EnableSensitiveData { get; set; }

    /// <inheritdoc/>
    public override async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = InnerGenerator.GetService(typeof(VideoGeneratorMetadata)) as VideoGeneratorMetadata;
        var model = request.Model ?? metadata?.DefaultModel;
        using var activity = Start(SubmitOperationName, model, metadata);
        if (activity is not null && EnableSensitiveData)
        {
            activity.SetTag("gen_ai.prompt", request.Prompt);
        }

        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            var job = await base.SubmitAsync(request, options, cancellationToken).ConfigureAwait(false);
            Record(activity, job);
            return job;
        }
        catch (Exception ex)
        {
            error = Fail(activity, ex);
            throw;
        }
        finally
        {
            RecordDuration(SubmitOperationName, model, metadata, started, error);
        }
    }

    /// <inheritdoc/>
    public override async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var metadata = InnerGenerator.GetService(typeof(VideoGeneratorMetadata)) as VideoGeneratorMetadata;
        using var activity = Start(GetJobOperationName, model: null, metadata);
        activity?.SetTag("gen_ai.response.id", jobId);
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            var job = await base.GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            Record(activity, job);
            return job;
        }
        catch (Exception ex)
        {
            error = Fail(activity, ex);
            throw;
        }
        finally
        {
            RecordDuration(GetJobOperationName, model: null, metadata, started, error);
        }
    }

    /// <inheritdoc/>
    /// <remarks>One <see cref="GetJobOperationName"/> span for the batch request, tagged with the number of jobs asked for.</remarks>
    public override async Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        var metadata = InnerGenerator.GetService(typeof(VideoGeneratorMetadata)) as VideoGeneratorMetadata;
        using var activity = Start(GetJobOperationName, model: null, metadata);
        activity?.SetTag("sora.batch.size", jobIds.Count);
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            return await base.GetJobsAsync(jobIds, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = Fail(activity, ex);
            throw;
        }
        finally
        {
            RecordDuration(GetJobOperationName, model: null, metadata, started, error);
        }
    }

    /// <inheritdoc/>
    public override async Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var metadata = InnerGenerator.GetService(typeof(VideoGeneratorMetadata)) as VideoGeneratorMetadata;
        using var activity = Start(GetContentOperationName, job.Model, metadata);
        activity?.SetTag("gen_ai.response.id", job.Id);
        activity?.SetTag("sora.asset.kind", kind.ToString());
        var started = Stopwatch.GetTimestamp();
        string? error = null;
        try
        {
            var content = await base.GetContentAsync(job, kind, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("sora.content.length", content.Length);
            return content;
        }
        catch (Exception ex)
        {
            error = Fail(activity, ex);
            throw;
        }
        finally
        {
            RecordDuration(GetContentOperationName, job.Model, metadata, started, error);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _source.Dispose();
            _meter.Dispose();
        }

        base.Dispose(disposing);
    }

    private static void Record(Activity? activity, VideoJob job)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("gen_ai.response.id", job.Id);
        activity.SetTag("gen_ai.response.model", job.Effective?.Model ?? job.Model);
        activity.SetTag("sora.job.status", job.Status.ToString());
        if (job.Progress is { } progress)
        {
            activity.SetTag("sora.job.progress", progress);
        }

        if (job.Status is VideoJobStatus.Failed or VideoJobStatus.Canceled or VideoJobStatus.Expired)
        {
            // the call worked; the job did not: say so without marking the span as an error
            activity.SetTag("sora.job.error.category", job.Error?.Category.ToString());
        }
    }

    private static string Fail(Activity? activity, Exception exception)
    {
        var type = exception is OperationCanceledException ? "canceled" : exception.GetType().FullName ?? exception.GetType().Name;
        activity?.SetTag("error.type", type);
        activity?.SetStatus(ActivityStatusCode.Error, exception is VideoGenerationException ? exception.Message : type);
        return type;
    }

    private Activity? Start(string operation, string? model, VideoGeneratorMetadata? metadata)
    {
        if (!_source.HasListeners())
        {
            return null;
        }

        var activity = _source.StartActivity(model is null ? operation : $"{operation} {model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", operation);
            activity.SetTag("gen_ai.provider.name", metadata?.ProviderName);
            activity.SetTag("gen_ai.request.model", model);
            if (metadata?.Endpoint is { } endpoint)
            {
                activity.SetTag("server.address", endpoint.Host);
                activity.SetTag("server.port", endpoint.Port);
            }
        }

        return activity;
    }

    private void RecordDuration(string operation, string? model, VideoGeneratorMetadata? metadata, long started, string? error)
    {
        if (!_duration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "gen_ai.operation.name", operation },
            { "gen_ai.provider.name", metadata?.ProviderName },
        };
        if (model is not null)
        {
            tags.Add("gen_ai.request.model", model);
        }

        if (error is not null)
        {
            tags.Add("error.type", error);
        }

        _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }
}
