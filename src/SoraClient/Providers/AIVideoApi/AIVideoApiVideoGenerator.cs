using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoraClient.Http;
using SoraClient.Normalization;
using SoraClient.Providers.AIVideoApi.Internal;

namespace SoraClient.Providers.AIVideoApi;

/// <summary>
/// The adapter for aivideoapi.ai's Sora 2 (<c>POST /v1/videos/generations</c>, <c>GET /v1/tasks/{taskId}</c>). It sends the
/// documented nested body, reports progress when the gateway does, and downloads the output link (valid 24 hours)
/// without sending the key to another host. Callback bodies are read by <see cref="AIVideoApiCallbackParser"/>.
/// </summary>
public sealed partial class AIVideoApiVideoGenerator : IVideoGenerator
{
    private const int MaxPromptLength = 5000;
    private static readonly IReadOnlyList<VideoDeliveryMode> s_deliveryModes = [VideoDeliveryMode.Polling, VideoDeliveryMode.Webhook];
    private readonly ProviderHttpSender _sender;
    private readonly Uri _endpoint;
    private readonly string _provider;
    private readonly string _defaultModel;
    private readonly VideoNormalization _normalization;
    private readonly IReadOnlyList<VideoModelCapabilities> _models;
    private readonly VideoGeneratorMetadata _metadata;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _unknownStatuses = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="AIVideoApiVideoGenerator"/> class.</summary>
    /// <param name="httpClient">The client to send requests with (its <see cref="HttpClient.Timeout"/> should not cut downloads short; the adapter applies its own per-attempt limit).</param>
    /// <param name="options">The gateway settings; read once here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (for example the API key is missing); the message names the setting.</exception>
    public AIVideoApiVideoGenerator(HttpClient httpClient, AIVideoApiOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        CreateValidator().ThrowIfInvalid(options);

        _provider = string.IsNullOrWhiteSpace(options.ProviderName) ? AIVideoApiOptions.DefaultProviderName : options.ProviderName;
        _endpoint = options.Endpoint ?? AIVideoApiOptions.DefaultEndpoint;
        _defaultModel = options.DefaultModel ?? AIVideoApiModels.Sora2.Model;
        _normalization = options.Normalization;
        _models = ModelCatalog.Merge(AIVideoApiModels.All, options.Models);
        _metadata = new VideoGeneratorMetadata(_provider, _endpoint, _defaultModel, _models, s_deliveryModes) { DefaultNormalization = options.Normalization };
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<AIVideoApiVideoGenerator>();

        var apiKey = options.ApiKey!; // checked by the validator above
        _sender = new ProviderHttpSender(httpClient, _provider, _endpoint, options,
            request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey),
            AIVideoApiJobMapper.ParseError, _timeProvider, _logger);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The reference image must be a URL the gateway can fetch (<c>input.image_urls</c>, one image, the first frame).
    /// A <see cref="VideoGenerationRequest.CallbackUri"/> is sent as <c>callback_url</c>; the gateway then POSTs the
    /// finished task there (read it with <see cref="AIVideoApiCallbackParser"/>). Raw fields from
    /// <see cref="VideoGenerationRequest.AdditionalProperties"/> go into <c>input</c> (<c>model</c> and <c>callback_url</c> stay top-level).
    /// </remarks>
    public async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        VideoRequestNormalizer.ValidatePrompt(_provider, request);
        if (request.Prompt.Length > MaxPromptLength)
        {
            throw new VideoRequestValidationException(_provider, nameof(VideoGenerationRequest.Prompt),
                $"{_provider}: the prompt has {request.Prompt.Length} characters; the gateway accepts at most {MaxPromptLength}.");
        }

        if (request.ReferenceImage is { IsUri: false } upload)
        {
            throw new VideoRequestValidationException(_provider, nameof(VideoGenerationRequest.ReferenceImage),
                $"{_provider}: the reference image ({upload}) must be a URL the gateway can fetch; upload it first and pass VideoInput.FromUri.");
        }

        var variants = VideoRequestNormalizer.ResolveVariants(_provider, request.Model, _defaultModel, _models);
        var (_, settings) = VideoRequestNormalizer.Normalize(_provider, request, variants, options?.Normalization ?? _normalization);
        var body = AIVideoApiRequestBody.Create(request, settings, request.ReferenceImage?.Uri?.OriginalString);
        var response = await _sender.SendAsync(HttpOperation.Submit, () => Send(HttpMethod.Post, "/v1/videos/generations", body),
            AIVideoApiJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        var taskId = AIVideoApiJobMapper.ReadTaskId(response.Value) ?? throw Invalid(response, null);
        return new VideoJob
        {
            Id = taskId,
            Provider = _provider,
            Model = settings.Model,
            Status = VideoJobStatus.Queued,
            CreatedAt = _timeProvider.GetUtcNow(),
            ProviderStatus = null,
            Effective = settings,
            RawRepresentation = response.Value,
        };
    }

    /// <inheritdoc/>
    public async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var response = await _sender.SendAsync(HttpOperation.Status, () => Send(HttpMethod.Get, "/v1/tasks/" + Uri.EscapeDataString(jobId), null),
            AIVideoApiJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        var job = Read(response, answer =>
        {
            var task = AIVideoApiJobMapper.ReadTask(answer);
            task.Id ??= task.TaskId ?? jobId;
            return AIVideoApiJobMapper.ToJob(task, answer, _provider, _timeProvider.GetUtcNow(), sent: null);
        });
        if (!AIVideoApiJobMapper.MapStatus(job.ProviderStatus).IsKnown && _unknownStatuses.TryAdd(job.ProviderStatus ?? "(none)", true))
        {
            LogUnknownStatus(_provider, job.ProviderStatus ?? "(none)");
        }

        return job;
    }

    /// <inheritdoc/>
    /// <remarks>aivideoapi.ai returns only the video, as a link that lives 24 hours after completion (<see cref="VideoJob.ExpiresAt"/>); the key is never sent to another host.</remarks>
    public async Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (kind != VideoAssetKind.Video)
        {
            throw new NotSupportedException($"{_provider} returns only the video; it has no {kind} asset.");
        }

        var uri = VideoUri(job) ?? VideoUri(await GetJobAsync(job.Id, cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidOperationException($"{_provider} job {job.Id} has no video to download; wait for it to succeed (links expire 24 hours after completion).");
        return await _sender.OpenAssetAsync(uri, job.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VideoGeneratorMetadata) ? _metadata
            : serviceType == typeof(TimeProvider) ? _timeProvider
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Does nothing: the adapter does not own its <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
    }

    internal static VideoProviderOptionsValidator<AIVideoApiOptions> CreateValidator() => new(AIVideoApiModels.All, AIVideoApiModels.Sora2.Model);

    private static Uri? VideoUri(VideoJob job) => job.Assets.FirstOrDefault(a => a.Kind == VideoAssetKind.Video && a.Uri is not null)?.Uri;

    private HttpRequestMessage Send(HttpMethod method, string path, JsonNode? body) =>
        new(method, new Uri(_endpoint.AbsoluteUri.TrimEnd('/') + path)) { Content = body is null ? null : AIVideoApiRequestBody.ToContent(body) };

    private T Read<T>(ProviderResponse<JsonElement> response, Func<JsonElement, T> read)
    {
        try
        {
            return read(response.Value);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Invalid(response, ex);
        }
    }

    private VideoProviderException Invalid(ProviderResponse<JsonElement> response, Exception? inner) =>
        _sender.InvalidResponse(response.StatusCode, response.RequestId, System.Text.Encoding.UTF8.GetBytes(response.Value.GetRawText()), inner);

    [LoggerMessage(LogLevel.Warning, "{Provider} reported the undocumented status '{Status}'; treating the job as still in progress")]
    private partial void LogUnknownStatus(string provider, string status);
}
