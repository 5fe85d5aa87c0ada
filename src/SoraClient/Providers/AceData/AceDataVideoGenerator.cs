using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SoraClient.Http;
using SoraClient.Normalization;
using SoraClient.Providers.AceData.Internal;

namespace SoraClient.Providers.AceData;

/// <summary>
/// The adapter for AceData Cloud's Sora API (<c>POST /sora/videos</c>, <c>POST /sora/tasks</c>). It chooses the API
/// version per request (see <see cref="AceDataModels"/>), never uses the synchronous mode that holds a connection for
/// minutes, and reads many jobs in one <c>retrieve_batch</c> request (<see cref="IVideoJobBatchReader"/>), which
/// <see cref="VideoGeneratorExtensions.WaitForCompletionAsync(IVideoGenerator, string, VideoWaitOptions?, IProgress{VideoJob}?, CancellationToken)"/>
/// uses by itself to serve many waits with one request. Callback bodies are read by <see cref="AceDataCallbackParser"/>.
/// </summary>
public sealed class AceDataVideoGenerator : IVideoGenerator, IVideoJobBatchReader
{
    private static readonly IReadOnlyList<VideoDeliveryMode> s_deliveryModes = [VideoDeliveryMode.Polling, VideoDeliveryMode.Webhook];
    private readonly ProviderRuntime _runtime;

    /// <summary>Initializes a new instance of the <see cref="AceDataVideoGenerator"/> class.</summary>
    /// <param name="httpClient">The client to send requests with (its <see cref="HttpClient.Timeout"/> should not cut downloads short; the adapter applies its own per-attempt limit).</param>
    /// <param name="options">The gateway settings; read once here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (for example the API key is missing); the message names the setting.</exception>
    public AceDataVideoGenerator(HttpClient httpClient, AceDataOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        CreateValidator().ThrowIfInvalid(options);

        _runtime = new ProviderRuntime(httpClient, options, timeProvider, loggerFactory?.CreateLogger<AceDataVideoGenerator>(),
            defaultProviderName: AceDataOptions.DefaultProviderName,
            endpoint: options.Endpoint ?? AceDataOptions.DefaultEndpoint,
            defaultModel: AceDataModels.Sora2Version1.Model,
            models: OfVersion(ModelCatalog.Merge(AceDataModels.All, options.Models), options.Version),
            deliveryModes: s_deliveryModes,
            parseError: AceDataJobMapper.ParseError);
        MaxBatchSize = options.MaxBatchSize;
    }

    /// <summary>Gets how many jobs one <c>retrieve_batch</c> request reads at most (<see cref="AceDataOptions.MaxBatchSize"/>).</summary>
    public int MaxBatchSize { get; }

    /// <inheritdoc/>
    /// <remarks>
    /// The API version is the first one whose durations and sizes accept the request (see <see cref="AceDataModels"/>);
    /// <see cref="VideoGenerationSettings.ProviderSettings"/> of <see cref="VideoJob.Effective"/> says which. A
    /// <see cref="VideoGenerationRequest.CallbackUri"/> is sent as <c>callback_url</c>; AceData then POSTs the result
    /// there (read it with <see cref="AceDataCallbackParser"/>). Version 1.0's <c>character_url</c>, <c>character_start</c>
    /// and <c>character_end</c> go through <see cref="VideoGenerationRequest.AdditionalProperties"/> and pin version 1.0.
    /// </remarks>
    public async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        VideoRequestNormalizer.ValidatePrompt(_runtime.Provider, request);
        var variants = VideoRequestNormalizer.ResolveVariants(_runtime.Provider, request.Model, _runtime.DefaultModel, _runtime.Models);
        var image = await ReferenceImage.ReadAsync(_runtime.Provider, request.ReferenceImage, cancellationToken).ConfigureAwait(false);
        var shaped = PinCharacterVersion(image?.ShapeRequest(request) ?? request);
        var (model, settings) = VideoRequestNormalizer.Normalize(_runtime.Provider, shaped, variants, options?.Normalization ?? _runtime.Normalization);
        var size = model.FindSize(settings.Size)!; // the normaliser chose one of the model's sizes
        if (image is { HasDimensions: true } && size.Width is { } width && size.Height is { } height && (image.Width != width || image.Height != height))
        {
            throw image.Mismatch(_runtime.Provider, model, size.Name);
        }

        var body = AceDataRequestBody.Create(request, settings, size, image?.Value);
        var response = await _runtime.Sender.SendAsync(HttpOperation.Submit, () => Post("/sora/videos", body),
            AceDataJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        var job = _runtime.ReadJob(response, answer =>
        {
            var task = AceDataJobMapper.ReadTask(answer);
            return AceDataJobMapper.IdOf(task) is null ? throw new JsonException("The answer has no task_id.") : ToJob(task, answer, settings);
        }, HttpOperation.Submit);
        return job with
        {
            Status = job.Status == VideoJobStatus.Running && job.ProviderStatus is null ? VideoJobStatus.Queued : job.Status, // just a task_id: accepted, not started
            CreatedAt = job.CreatedAt ?? _runtime.TimeProvider.GetUtcNow(),
            Model = settings.Model,
        };
    }

    /// <inheritdoc/>
    public async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobIds.ThrowIfInvalid(jobId, nameof(jobId));
        return await ProviderRuntime.ForJobAsync(jobId, () => ReadJobAsync(jobId, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<VideoJob> ReadJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["id"] = jobId, ["action"] = "retrieve" };
        var response = await _runtime.Sender.SendAsync(HttpOperation.Status, () => Post("/sora/tasks", body),
            AceDataJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        if (response.Value.ValueKind is JsonValueKind.Null || (response.Value.ValueKind is JsonValueKind.Object && !IsTask(response.Value)))
        {
            throw _runtime.Sender.CreateException(new ProviderError(ProviderErrorKind.NotFound, "not_found", $"no task with id '{jobId}'"),
                response.StatusCode, response.RequestId, null, response.Value.GetRawText());
        }

        return _runtime.ReadJob(response, answer =>
        {
            var task = AceDataJobMapper.ReadTask(answer);
            task.Id = jobId;
            return ToJob(task, answer, sent: null);
        });
    }

    /// <summary>Reads several jobs with <c>POST /sora/tasks {"ids":[...],"action":"retrieve_batch"}</c>, <see cref="MaxBatchSize"/> per request.</summary>
    /// <param name="jobIds">The jobs' ids (<c>task_id</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs AceData knows, in no particular order; an id it does not know is missing.</returns>
    /// <exception cref="VideoProviderException">AceData answered with an error.</exception>
    public async Task<IReadOnlyList<VideoJob>> GetJobsAsync(IReadOnlyList<string> jobIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        foreach (var id in jobIds)
        {
            JobIds.ThrowIfInvalid(id, nameof(jobIds));
        }

        var jobs = new List<VideoJob>(jobIds.Count);
        foreach (var chunk in jobIds.Distinct(StringComparer.Ordinal).Chunk(MaxBatchSize))
        {
            var body = new JsonObject { ["ids"] = new JsonArray([.. chunk.Select(id => JsonValue.Create(id))]), ["action"] = "retrieve_batch" };
            var response = await _runtime.Sender.SendAsync(HttpOperation.Status, () => Post("/sora/tasks", body),
                AceDataJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            jobs.AddRange(_runtime.Sender.Read(response, answer => BatchItems(answer)
                .Where(IsTask)
                .Select(item => (Task: AceDataJobMapper.ReadTask(item), Item: item))
                .Where(read => AceDataJobMapper.IdOf(read.Task) is not null)
                .Select(read => _runtime.Describe(ToJob(read.Task, read.Item, sent: null), response.PollAfter))
                .ToList()));
        }

        return jobs;
    }

    /// <inheritdoc/>
    /// <remarks>AceData returns only the video, as a link (on its CDN); the key is never sent to another host. Links expire after a while (AceData does not say when): download soon.</remarks>
    public async Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await _runtime.OpenVideoLinkAsync(job, kind, GetJobAsync,
            $"{_runtime.Provider} job {job.Id} has no video to download yet; wait for it to succeed.", cancellationToken).ConfigureAwait(false);
    }


    // The three callback entry points every gateway that posts callbacks offers (GrsAI, AceData, aivideoapi), alike by
    // design: they are public API on sealed adapters, so they cannot share a base; the reading itself is CallbackBody's.
    /// <summary>Reads a callback body for this registration (see <see cref="AceDataCallbackParser.Parse(ReadOnlySpan{byte}, string)"/>).</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <returns>The job the callback reports; confirm it with <see cref="GetJobAsync"/> before acting on it.</returns>
    /// <exception cref="FormatException">The body is not an AceData result.</exception>
    public VideoJob ParseCallback(ReadOnlySpan<byte> body) => AceDataCallbackParser.Parse(body, _runtime.Provider);

    /// <summary>Reads a callback body that is already a string.</summary>
    /// <param name="body">The body, JSON.</param>
    /// <returns>The job the callback reports; confirm it with <see cref="GetJobAsync"/> before acting on it.</returns>
    /// <exception cref="FormatException">The body is not an AceData result.</exception>
    public VideoJob ParseCallback(string body) => AceDataCallbackParser.Parse(body, _runtime.Provider);

    /// <summary>Reads a callback body from a stream, for example an ASP.NET Core <c>Request.Body</c> (at most 1 MiB).</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job the callback reports; confirm it with <see cref="GetJobAsync"/> before acting on it.</returns>
    /// <exception cref="FormatException">The body is not an AceData result.</exception>
    public Task<VideoJob> ParseCallbackAsync(Stream body, CancellationToken cancellationToken = default) =>
        AceDataCallbackParser.ParseAsync(body, _runtime.Provider, cancellationToken);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) => _runtime.GetService(this, serviceType, serviceKey);

    /// <summary>Does nothing: the adapter does not own its <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
    }

    internal static VideoProviderOptionsValidator<AceDataOptions> CreateValidator() =>
        new(AceDataModels.All, AceDataModels.Sora2Version1.Model, AdapterProblems);

    private static IEnumerable<string> AdapterProblems(AceDataOptions options, IReadOnlyList<VideoModelCapabilities> models)
    {
        if (options.MaxBatchSize < 1)
        {
            yield return $"MaxBatchSize must be at least 1, not {options.MaxBatchSize}";
        }

        if (options.Version is { } version && OfVersion(models, version).Count == 0)
        {
            var known = models.Select(m => m.ProviderSettings?.GetValueOrDefault(AceDataModels.VersionSetting)).OfType<string>().Distinct(StringComparer.Ordinal);
            yield return $"Version '{version}' is not a version of any model ({string.Join(", ", known)})";
        }
        else if (options.Version is { } pinned && options.DefaultModel is { } model
            && !OfVersion(models, pinned).Any(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"DefaultModel '{model}' has no version {pinned} entry";
        }
    }

    // With a pinned version, only that version's entries (and entries that name no version) remain.
    private static IReadOnlyList<VideoModelCapabilities> OfVersion(IReadOnlyList<VideoModelCapabilities> models, string? version) =>
        version is null
            ? models
            : [.. models.Where(m => m.ProviderSettings?.GetValueOrDefault(AceDataModels.VersionSetting) is not { } v || string.Equals(v, version, StringComparison.Ordinal))];

    // character_url exists only in version 1.0: a request that uses it pins that version (unless it names one itself).
    private static VideoGenerationRequest PinCharacterVersion(VideoGenerationRequest request)
    {
        if (!request.AdditionalProperties.ContainsKey("character_url") || request.AdditionalProperties.ContainsKey(AceDataModels.VersionSetting))
        {
            return request;
        }

        var pinned = request.Copy();
        pinned.AdditionalProperties = new Dictionary<string, JsonNode?>(request.AdditionalProperties, StringComparer.Ordinal)
        {
            [AceDataModels.VersionSetting] = AceDataModels.Version1,
        };
        return pinned;
    }

    private static bool IsTask(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && (element.TryGetProperty("id", out _) || element.TryGetProperty("task_id", out _) || element.TryGetProperty("response", out _));

    // {"items":[...],"count"} as documented; a bare array is accepted too.
    private static List<JsonElement> BatchItems(JsonElement body) => body.ValueKind switch
    {
        JsonValueKind.Array => [.. body.EnumerateArray()],
        JsonValueKind.Object => body.Deserialize(AceDataJsonContext.Default.AceDataTaskBatch)?.Items ?? [],
        _ => throw new JsonException($"Expected a batch object, got {body.ValueKind}."),
    };

    private VideoJob ToJob(AceDataTask task, JsonElement raw, VideoGenerationSettings? sent)
    {
        foreach (var state in AceDataJobMapper.UnknownStates(task.Response))
        {
            _runtime.ReportUnknownStatus(state, "state");
        }

        return AceDataJobMapper.ToJob(task, raw, _runtime.Provider, _runtime.Models, sent);
    }

    private HttpRequestMessage Post(string path, JsonNode body) =>
        new(HttpMethod.Post, new Uri(_runtime.Endpoint.AbsoluteUri.TrimEnd('/') + path)) { Content = AceDataRequestBody.ToContent(body) };
}
