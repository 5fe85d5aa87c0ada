using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SoraClient.Http;
using SoraClient.Normalization;
using SoraClient.Providers.AIVideoApi.Internal;

namespace SoraClient.Providers.AIVideoApi;

/// <summary>
/// The adapter for aivideoapi.ai's Sora 2 (<c>POST /v1/videos/generations</c>, <c>GET /v1/tasks/{taskId}</c>). It sends the
/// documented nested body, reports progress when the gateway does, and downloads the output link (valid 24 hours)
/// without sending the key to another host. Callback bodies are read by <see cref="AIVideoApiCallbackParser"/>.
/// </summary>
public sealed class AIVideoApiVideoGenerator : IVideoGenerator
{
    private const int MaxPromptLength = 5000;
    private static readonly IReadOnlyList<VideoDeliveryMode> s_deliveryModes = [VideoDeliveryMode.Polling, VideoDeliveryMode.Webhook];
    private readonly ProviderRuntime _runtime;

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

        _runtime = new ProviderRuntime(httpClient, options, timeProvider, loggerFactory?.CreateLogger<AIVideoApiVideoGenerator>(),
            defaultProviderName: AIVideoApiOptions.DefaultProviderName,
            endpoint: options.Endpoint ?? AIVideoApiOptions.DefaultEndpoint,
            defaultModel: AIVideoApiModels.Sora2.Model,
            models: ModelCatalog.Merge(AIVideoApiModels.All, options.Models),
            deliveryModes: s_deliveryModes,
            parseError: AIVideoApiJobMapper.ParseError);
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
        VideoRequestNormalizer.ValidatePrompt(_runtime.Provider, request, MaxPromptLength);

        if (request.ReferenceImage is { IsUri: false } upload)
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.ReferenceImage),
                $"{_runtime.Provider}: the reference image ({upload}) must be a URL the gateway can fetch; upload it first and pass VideoInput.FromUri.");
        }

        var variants = VideoRequestNormalizer.ResolveVariants(_runtime.Provider, request.Model, _runtime.DefaultModel, _runtime.Models);
        var (_, settings) = VideoRequestNormalizer.Normalize(_runtime.Provider, request, variants, options?.Normalization ?? _runtime.Normalization);
        var body = AIVideoApiRequestBody.Create(request, settings, request.ReferenceImage?.Uri?.OriginalString);
        var response = await _runtime.Sender.SendAsync(HttpOperation.Submit, () => Send(HttpMethod.Post, "/v1/videos/generations", body),
            AIVideoApiJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        return _runtime.ReadJob(response, answer => new VideoJob
        {
            Id = AIVideoApiJobMapper.ReadTaskId(answer) ?? throw new JsonException("The answer has no task id."),
            Provider = _runtime.Provider,
            Model = settings.Model,
            Status = VideoJobStatus.Queued,
            CreatedAt = _runtime.TimeProvider.GetUtcNow(),
            ProviderStatus = null,
            Effective = settings,
            RawRepresentation = answer,
        }, HttpOperation.Submit);
    }

    /// <inheritdoc/>
    public async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobIds.ThrowIfInvalid(jobId, nameof(jobId));
        var job = await ProviderRuntime.ForJobAsync(jobId, async () =>
        {
            var response = await _runtime.Sender.SendAsync(HttpOperation.Status, () => Send(HttpMethod.Get, "/v1/tasks/" + Uri.EscapeDataString(jobId), null),
                AIVideoApiJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            return _runtime.ReadJob(response, answer =>
            {
                var task = AIVideoApiJobMapper.ReadTask(answer);
                task.Id = AIVideoApiJobMapper.IdOf(task) ?? jobId;
                return AIVideoApiJobMapper.ToJob(task, answer, _runtime.Provider, _runtime.TimeProvider.GetUtcNow(), sent: null);
            });
        }).ConfigureAwait(false);
        if (!AIVideoApiJobMapper.MapStatus(job.ProviderStatus).IsKnown)
        {
            _runtime.ReportUnknownStatus(job.ProviderStatus ?? "(none)");
        }

        return job;
    }

    /// <inheritdoc/>
    /// <remarks>aivideoapi.ai returns only the video, as a link that lives 24 hours after completion (<see cref="VideoJob.ExpiresAt"/>); the key is never sent to another host.</remarks>
    public async Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        return await _runtime.OpenVideoLinkAsync(job, kind, GetJobAsync,
            $"{_runtime.Provider} job {job.Id} has no video to download; wait for it to succeed (links expire 24 hours after completion).", cancellationToken).ConfigureAwait(false);
    }


    // The three callback entry points every gateway that posts callbacks offers (GrsAI, AceData, aivideoapi), alike by
    // design: they are public API on sealed adapters, so they cannot share a base; the reading itself is CallbackBody's.
    /// <summary>Reads a callback body for this registration (see <see cref="AIVideoApiCallbackParser.Parse(ReadOnlySpan{byte}, string)"/>).</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <returns>The job the callback reports; confirm it with <see cref="GetJobAsync"/> before acting on it.</returns>
    /// <exception cref="FormatException">The body is not an aivideoapi.ai task.</exception>
    public VideoJob ParseCallback(ReadOnlySpan<byte> body) => AIVideoApiCallbackParser.Parse(body, _runtime.Provider);

    /// <summary>Reads a callback body that is already a string.</summary>
    /// <param name="body">The body, JSON.</param>
    /// <returns>The job the callback reports; confirm it with <see cref="GetJobAsync"/> before acting on it.</returns>
    /// <exception cref="FormatException">The body is not an aivideoapi.ai task.</exception>
    public VideoJob ParseCallback(string body) => AIVideoApiCallbackParser.Parse(body, _runtime.Provider);

    /// <summary>Reads a callback body from a stream, for example an ASP.NET Core <c>Request.Body</c> (at most 1 MiB).</summary>
    /// <param name="body">The body, UTF-8 JSON.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The job the callback reports; confirm it with <see cref="GetJobAsync"/> before acting on it.</returns>
    /// <exception cref="FormatException">The body is not an aivideoapi.ai task.</exception>
    public Task<VideoJob> ParseCallbackAsync(Stream body, CancellationToken cancellationToken = default) =>
        AIVideoApiCallbackParser.ParseAsync(body, _runtime.Provider, cancellationToken);

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) => _runtime.GetService(this, serviceType, serviceKey);

    /// <summary>Does nothing: the adapter does not own its <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
    }

    internal static VideoProviderOptionsValidator<AIVideoApiOptions> CreateValidator() => new(AIVideoApiModels.All, AIVideoApiModels.Sora2.Model);

    private HttpRequestMessage Send(HttpMethod method, string path, JsonNode? body) =>
        new(method, new Uri(_runtime.Endpoint.AbsoluteUri.TrimEnd('/') + path)) { Content = body is null ? null : AIVideoApiRequestBody.ToContent(body) };
}
