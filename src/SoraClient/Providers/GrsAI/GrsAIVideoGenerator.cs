using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoraClient.Http;
using SoraClient.Normalization;
using SoraClient.Polling;
using SoraClient.Providers.GrsAI.Internal;

namespace SoraClient.Providers.GrsAI;

/// <summary>
/// The adapter for GrsAI (<c>grsai.com</c>): Sora 2 through <c>/v1/video/sora-video</c>, results read with
/// <c>/v1/draw/result</c>, in any of GrsAI's three delivery modes (polling, streaming, webhook). Beyond
/// <see cref="IVideoGenerator"/> it offers characters (<see cref="IVideoCharacterClient"/>), streamed progress
/// (<see cref="IVideoStreamingGenerator"/>) and a parser for callback bodies (<see cref="ParseCallback(ReadOnlySpan{byte})"/>).
/// </summary>
/// <remarks>
/// GrsAI reports business errors inside HTTP 200 (<c>{"code":-1,...}</c> for an empty balance becomes
/// <see cref="VideoQuotaExceededException"/>). A task it does not know yet (<c>-22</c>) shortly after this generator
/// submitted it is reported <see cref="VideoJobStatus.Queued"/> for <see cref="GrsAIOptions.NotFoundGracePeriod"/>.
/// Result URLs live two hours (<see cref="VideoJob.ExpiresAt"/>); download them promptly.
/// </remarks>
public sealed partial class GrsAIVideoGenerator : IVideoGenerator, IVideoStreamingGenerator, IVideoCharacterClient, IVideoJobCreationAware
{
    private static readonly IReadOnlyList<VideoDeliveryMode> s_deliveryModes = [VideoDeliveryMode.Polling, VideoDeliveryMode.Streaming, VideoDeliveryMode.Webhook];
    private readonly ProviderRuntime _runtime;
    private readonly ILogger _logger;
    private readonly GrsAITaskTracker _tracker;
    private readonly TimeSpan _streamIdleTimeout;
    private readonly TimeSpan _resultLifetime;
    private readonly TimeSpan _characterTimeout;
    private readonly TimeSpan _typicalGenerationTime;

    /// <summary>Initializes a new instance of the <see cref="GrsAIVideoGenerator"/> class.</summary>
    /// <param name="httpClient">The client to send requests with (its <see cref="HttpClient.Timeout"/> should not cut streams and downloads short; the adapter applies its own limits).</param>
    /// <param name="options">The gateway settings; read once here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (for example the API key is missing); the message names the setting.</exception>
    public GrsAIVideoGenerator(HttpClient httpClient, GrsAIOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        CreateValidator().ThrowIfInvalid(options);

        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<GrsAIVideoGenerator>();
        _runtime = new ProviderRuntime(httpClient, options, timeProvider, _logger,
            defaultProviderName: GrsAIOptions.DefaultProviderName,
            endpoint: HostOf(options.Endpoint ?? GrsAIOptions.DefaultEndpoint),
            defaultModel: GrsAIModels.Sora2.Model,
            models: ModelCatalog.Merge(GrsAIModels.All, options.Models),
            deliveryModes: s_deliveryModes,
            parseError: GrsAIJobMapper.ParseError,
            defaultDeliveryMode: options.DeliveryMode);
        _tracker = new GrsAITaskTracker(_runtime.TimeProvider, options.NotFoundGracePeriod, options.ResultLifetime);
        _streamIdleTimeout = options.StreamIdleTimeout;
        _resultLifetime = options.ResultLifetime;
        _characterTimeout = options.CharacterTimeout;
        _typicalGenerationTime = options.TypicalGenerationTime;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Submits in polling mode (<c>webHook:"-1"</c>), or in webhook mode when the request has a
    /// <see cref="VideoGenerationRequest.CallbackUri"/>, and returns the accepted task at once. For streamed progress use
    /// <c>GenerateAsync</c>/<c>SubmitAndWatchAsync</c> with <see cref="VideoDeliveryMode.Streaming"/>, or <see cref="SubmitStreamingAsync"/>.
    /// </remarks>
    /// <exception cref="NotSupportedException"><paramref name="options"/> asks for <see cref="VideoDeliveryMode.Streaming"/>, which a call that returns at once cannot hold open.</exception>
    public async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (options?.DeliveryMode == VideoDeliveryMode.Streaming)
        {
            throw new NotSupportedException(
                $"{_runtime.Provider}: SubmitAsync returns as soon as GrsAI accepts the task, so it cannot hold the streamed response open. " +
                "Use GenerateAsync or SubmitAndWatchAsync with DeliveryMode = Streaming (or GetService<IVideoStreamingGenerator>()), or submit with polling.");
        }

        var (body, settings) = await PrepareAsync(request, options, streaming: false, cancellationToken).ConfigureAwait(false);
        var response = await SendCreateAsync(VideoUri, body, cancellationToken).ConfigureAwait(false);
        var task = response.Value.Task;
        if (!JobIds.IsSafe(task?.Id))
        {
            throw _runtime.Sender.Unreadable(HttpOperation.Submit, Invalid(response)); // accepted: the task may exist
        }

        _tracker.Submitted(task.Id);
        var job = ToJob(task, task.Id, response.Value.RawTask, settings, response.PollAfter);
        return job with { CreatedAt = job.CreatedAt ?? _runtime.TimeProvider.GetUtcNow() }; // GrsAI reports no times; a resumed wait needs it for -22
    }

    /// <inheritdoc/>
    void IVideoJobCreationAware.Resuming(VideoJob job)
    {
        if (job.CreatedAt is { } created && JobIds.IsSafe(job.Id))
        {
            _tracker.Created(job.Id, created);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A task created less than <see cref="GrsAIOptions.NotFoundGracePeriod"/> ago that GrsAI does not know yet (<c>-22</c>) is
    /// reported <see cref="VideoJobStatus.Queued"/>. Its creation time is known when this generator submitted it, or when a wait
    /// started with the job (<see cref="VideoJob.CreatedAt"/>, kept by a job resumed from a record); a bare id read with no known
    /// creation time is <see cref="VideoJobNotFoundException"/> at once. <see cref="VideoJob.ExpiresAt"/> is known only when this
    /// generator saw the task unfinished before it succeeded; a task first read already finished has an unknown (<see langword="null"/>) expiry.
    /// </remarks>
    public async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobIds.ThrowIfInvalid(jobId, nameof(jobId));
        var response = await ProviderRuntime.ForJobAsync(jobId, () => ReadTaskAsync(jobId, cancellationToken)).ConfigureAwait(false);
        if (response is null)
        {
            return new VideoJob { Id = jobId, Provider = _runtime.Provider, Status = VideoJobStatus.Queued };
        }

        var record = response.Value;
        return EstimateProgress(ToJob(record.Task!, jobId, record.RawTask, sent: null, response.PollAfter)); // ReadTaskAsync returns only records with a task
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Streams the video from the result URL GrsAI returned (a CDN: the API key is not sent there). When <paramref name="job"/>
    /// carries no URL (a job rebuilt from its reference, say), the job is read first. GrsAI offers no thumbnails or spritesheets.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The job has no result to download.</exception>
    public async Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            return await _runtime.OpenVideoLinkAsync(job, kind, GetJobAsync,
                $"{_runtime.Provider} job {job.Id} has no result to download yet; wait for it to succeed.", cancellationToken).ConfigureAwait(false);
        }
        catch (VideoProviderException ex) when (ex.StatusCode is 403 or 404 or 410)
        {
            const string Code = "result_expired";
            var message = _runtime.Sender.Format(ex.StatusCode, Code,
                $"the result of job {job.Id} is no longer at its URL; GrsAI keeps results for {_resultLifetime.TotalHours:0.#} hours, so download them promptly",
                ex.RequestId);
            var expired = new VideoProviderException(_runtime.Provider, message, ex.StatusCode, Code, ex) { RequestId = ex.RequestId, ResponseBody = ex.ResponseBody };
            expired.NameJob(job.Id);
            throw expired;
        }
    }

    /// <summary>
    /// Reads a body GrsAI posted to a <c>webHook</c> URL (a task object; a <c>data:</c> prefix or a <c>{code, data}</c>
    /// envelope is accepted too) as the job it describes. For a webhook receiver; treat the result as a hint and confirm
    /// it with <see cref="GetJobAsync"/>, since GrsAI does not sign its callbacks.
    /// </summary>
    /// <param name="body">The callback's body, UTF-8 JSON.</param>
    /// <returns>The job the callback describes.</returns>
    /// <exception cref="FormatException">The body is not a GrsAI task, or it is an error envelope (its typed exception, <see cref="VideoQuotaExceededException"/> say, is the inner exception).</exception>
    public VideoJob ParseCallback(ReadOnlySpan<byte> body) => CallbackBody.ParseBytes(body, "a GrsAI task", bytes =>
    {
        var answer = new ProviderAnswer(bytes);
        if (GrsAIJobMapper.ParseError(200, answer) is { } error)
        {
            var typed = _runtime.Sender.CreateException(error, null, null, null, Encoding.UTF8.GetString(bytes));
            throw new FormatException($"The body is a GrsAI error, not a task: {typed.Message}", typed);
        }

        var record = GrsAIRecord.ParseLast(answer);
        return record?.Task is { Id: var id } task && JobIds.IsSafe(id)
            ? ToJob(task, id, record.RawTask, sent: null)
            : throw new FormatException("The GrsAI callback body has no task with an id.");
    });

    /// <summary>Reads a webhook body that is already a string; see <see cref="ParseCallback(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="body">The callback's body, JSON.</param>
    /// <returns>The job the callback describes.</returns>
    /// <exception cref="FormatException">The body is not a GrsAI task, or an error envelope.</exception>
    public VideoJob ParseCallback(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return ParseCallback(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Reads a webhook body from a stream, for example an ASP.NET Core <c>Request.Body</c> (at most 1 MiB); see <see cref="ParseCallback(ReadOnlySpan{byte})"/>.</summary>
    /// <param name="body">The callback's body, UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job the callback describes.</returns>
    /// <exception cref="FormatException">The body is not a GrsAI task, an error envelope, or longer than 1 MiB.</exception>
    public async Task<VideoJob> ParseCallbackAsync(Stream body, CancellationToken cancellationToken = default) =>
        ParseCallback(await CallbackBody.ReadAsync(body, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    /// <remarks>Offers <see cref="VideoGeneratorMetadata"/>, the <see cref="TimeProvider"/>, <see cref="IVideoCharacterClient"/>, <see cref="IVideoStreamingGenerator"/> and the adapter itself.</remarks>
    public object? GetService(Type serviceType, object? serviceKey = null) => _runtime.GetService(this, serviceType, serviceKey);

    /// <summary>Does nothing: the adapter does not own its <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
    }

    internal static VideoProviderOptionsValidator<GrsAIOptions> CreateValidator() => new(GrsAIModels.All, GrsAIModels.Sora2.Model, (options, _) => Problems(options));

    private static IEnumerable<string> Problems(GrsAIOptions options)
    {
        if (options.DeliveryMode == VideoDeliveryMode.Webhook)
        {
            yield return "DeliveryMode Webhook cannot be a default (it needs a callback URL per request); use Polling or Streaming, and set VideoGenerationRequest.CallbackUri to get callbacks.";
        }

        if (!Enum.IsDefined(options.DeliveryMode))
        {
            yield return $"DeliveryMode {options.DeliveryMode} is not a delivery mode.";
        }

        if (options.NotFoundGracePeriod < TimeSpan.Zero)
        {
            yield return "NotFoundGracePeriod must not be negative.";
        }

        if (options.StreamIdleTimeout <= TimeSpan.Zero)
        {
            yield return "StreamIdleTimeout must be positive.";
        }

        if (options.ResultLifetime <= TimeSpan.Zero)
        {
            yield return "ResultLifetime must be positive.";
        }

        if (options.CharacterTimeout <= TimeSpan.Zero)
        {
            yield return "CharacterTimeout must be positive.";
        }
    }

    /// <summary>The host alone: GrsAI's paths all start with <c>/v1</c>, so a configured <c>.../v1</c> is dropped rather than doubled.</summary>
    private static Uri HostOf(Uri endpoint)
    {
        var text = endpoint.AbsoluteUri.TrimEnd('/');
        if (text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3];
        }

        return new Uri(text + "/");
    }

    private static HttpRequestMessage Post(Uri uri, JsonObject body) => new(HttpMethod.Post, uri) { Content = GrsAIRequestBody.CreateContent(body) };

    private Uri VideoUri => Api("v1/video/sora-video");

    private Uri Api(string path) => new(_runtime.Endpoint, path);

    /// <summary>Reads a task with <c>/v1/draw/result</c>; <see langword="null"/> while it is not visible yet (<c>-22</c> within the grace period).</summary>
    private async Task<ProviderResponse<GrsAIRecord>?> ReadTaskAsync(string taskId, CancellationToken cancellationToken)
    {
        var body = GrsAIRequestBody.ForResult(taskId);
        ProviderResponse<GrsAIRecord> response;
        try
        {
            response = await _runtime.Sender.SendAsync(HttpOperation.Status, () => Post(Api("v1/draw/result"), body), GrsAIRecord.ParseLast, cancellationToken).ConfigureAwait(false);
        }
        catch (VideoJobNotFoundException ex) when (string.Equals(ex.ProviderErrorCode, GrsAIJobMapper.TaskNotFoundCode, StringComparison.Ordinal) && _tracker.IsWithinGracePeriod(taskId))
        {
            LogNotVisibleYet(_runtime.Provider, taskId);
            return null;
        }

        if (response.Value.Task is null)
        {
            throw Invalid(response);
        }

        _tracker.Seen(taskId);
        return response;
    }

    private VideoJob ToJob(GrsAITask task, string id, JsonElement raw, VideoGenerationSettings? sent, TimeSpan? pollAfter = null)
    {
        if (task.Status is { Length: > 0 } word && !GrsAIJobMapper.MapStatus(word).IsKnown)
        {
            _runtime.ReportUnknownStatus(word);
        }

        if (GrsAIJobMapper.MapStatus(task.Status).Status is VideoJobStatus.Queued or VideoJobStatus.Running)
        {
            _tracker.Unfinished(id);
        }

        return _runtime.Describe(GrsAIJobMapper.ToJob(task, id, raw, _runtime.Provider, _runtime.TimeProvider.GetUtcNow(), () => _tracker.ExpiresAt(id), sent), pollAfter);
    }

    /// <summary>GrsAI often reports 0 until the end: estimate a polled job's progress from the elapsed time, short of 100 until it is done.</summary>
    private VideoJob EstimateProgress(VideoJob job)
    {
        if (job.Status is not (VideoJobStatus.Queued or VideoJobStatus.Running) || job.Progress is > 0 || _typicalGenerationTime <= TimeSpan.Zero)
        {
            return job;
        }

        var estimate = (int)Math.Min(95, 100 * _tracker.Elapsed(job.Id).TotalSeconds / _typicalGenerationTime.TotalSeconds);
        return job with { Progress = estimate, IsProgressEstimated = true };
    }

    /// <summary>Sends a create request (a video or a character task); an unreadable answer makes it uncertain (the sender's one rule).</summary>
    private Task<ProviderResponse<GrsAIRecord>> SendCreateAsync(Uri uri, JsonObject body, CancellationToken cancellationToken) =>
        _runtime.Sender.SendAsync(HttpOperation.Submit, () => Post(uri, body), GrsAIRecord.ParseLast, cancellationToken);

    private VideoProviderException Invalid(ProviderResponse<GrsAIRecord> response) =>
        _runtime.Sender.InvalidResponse(response.StatusCode, response.RequestId, Encoding.UTF8.GetBytes(response.Value.Raw.GetRawText()), null);

    [LoggerMessage(LogLevel.Debug, "{Provider} does not know task {TaskId} yet (code -22) shortly after it was submitted; reporting it queued")]
    private partial void LogNotVisibleYet(string provider, string taskId);
}
