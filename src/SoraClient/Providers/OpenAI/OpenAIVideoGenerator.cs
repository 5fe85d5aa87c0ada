using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SoraClient.Download;
using SoraClient.Http;
using SoraClient.Normalization;
using SoraClient.Providers.OpenAI.Internal;

namespace SoraClient.Providers.OpenAI;

/// <summary>
/// The adapter for every gateway that speaks OpenAI's <c>/v1/videos</c> protocol: OpenAI, APIYI, Azure OpenAI v1
/// and LiteLLM-style proxies. Beyond <see cref="IVideoGenerator"/> it offers remix, listing and deletion.
/// </summary>
public sealed class OpenAIVideoGenerator : IVideoGenerator
{
    private const int MaxPromptLength = 32000;
    private static readonly IReadOnlyList<VideoDeliveryMode> s_deliveryModes = [VideoDeliveryMode.Polling];

    // OpenAI's poll hint, and Azure's request id.
    private static readonly ProviderHeaders s_headers = new() { RequestIds = ["apim-request-id"], PollAfterMilliseconds = "openai-poll-after-ms" };
    private readonly ProviderRuntime _runtime;

    /// <summary>Initializes a new instance of the <see cref="OpenAIVideoGenerator"/> class.</summary>
    /// <param name="httpClient">
    /// The client to send requests with. Its <see cref="HttpClient.Timeout"/> should not cut downloads short (the adapter applies
    /// its own per-attempt limit), and its handler should not follow redirects (<c>AllowAutoRedirect = false</c>, as the clients
    /// of <c>AddOpenAI</c> are): the adapter follows them itself, sends the key to the gateway only and checks where each one
    /// leads, whereas a handler that follows them forwards an <c>api-key</c> header to any host (it drops only <c>Authorization</c>).
    /// With <see cref="OpenAIAuthentication.ApiKeyHeader"/>, a client whose handler follows redirects is refused.
    /// </param>
    /// <param name="options">The gateway settings; read once here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where to log; nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (for example the API key is missing; the message names the setting), or the key goes in an <c>api-key</c> header and <paramref name="httpClient"/>'s handler follows redirects.</exception>
    public OpenAIVideoGenerator(HttpClient httpClient, OpenAIOptions options, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        CreateValidator().ThrowIfInvalid(options);

        var endpoint = options.Endpoint ?? OpenAIOptions.DefaultEndpoint;
        var keyHeader = options.EffectiveAuthentication(endpoint) == OpenAIAuthentication.ApiKeyHeader;

        // A handler that follows redirects forwards api-key (it drops only Authorization) and re-sends a create's body to any
        // host a 307 names, before the adapter sees the redirect; such a client cannot keep the key to the gateway.
        if (keyHeader && NetworkPolicy.FollowsRedirects(httpClient))
        {
            throw new ArgumentException(
                "The HttpClient's handler follows redirects (AllowAutoRedirect = true, the default of new HttpClient()), so it would send the api-key header " +
                "and request bodies to whatever host a redirect names. Build it with new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }), " +
                "or register the adapter with AddSoraClient().AddOpenAI(...), whose clients leave redirects to the adapter.", nameof(httpClient));
        }

        _runtime = new ProviderRuntime(httpClient, options, timeProvider, loggerFactory?.CreateLogger<OpenAIVideoGenerator>(),
            defaultProviderName: OpenAIOptions.DefaultProviderName,
            endpoint: endpoint,
            defaultModel: OpenAIModels.Sora2.Model,
            models: ModelCatalog.Merge(OpenAIModels.All, options.Models),
            deliveryModes: s_deliveryModes,
            parseError: OpenAIJobMapper.ParseError,
            authenticate: keyHeader
                ? (request, key) => request.Headers.TryAddWithoutValidation("api-key", key)
                : null, // a Bearer token
            headers: s_headers);
    }

    /// <inheritdoc/>
    public async Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        VideoRequestNormalizer.ValidatePrompt(_runtime.Provider, request, MaxPromptLength);

        var model = VideoRequestNormalizer.ResolveModel(_runtime.Provider, request.Model, _runtime.DefaultModel, _runtime.Models);
        var mode = options?.Normalization ?? _runtime.Normalization;
        if (request.RemixOf is { } sourceId)
        {
            JobIds.ThrowIfInvalid(sourceId, nameof(VideoGenerationRequest.RemixOf));
            if (!model.SupportsRemix)
            {
                VideoRequestNormalizer.Normalize(_runtime.Provider, request, model, mode); // throws the "does not support remix" error
            }

            var remix = OpenAIRequestBody.ForRemix(request);
            return await SendCreateAsync(VideosUri($"/{Uri.EscapeDataString(sourceId)}/remix"), remix, sent: null, cancellationToken).ConfigureAwait(false);
        }

        var image = await ReadUploadAsync(request.ReferenceImage, cancellationToken).ConfigureAwait(false);
        var (width, height) = image is not null ? (image.Width, image.Height) : DataUriDimensions(request.ReferenceImage);
        var sized = MatchSizeToImage(request, model, width, height);
        var settings = VideoRequestNormalizer.Normalize(_runtime.Provider, sized, model, mode);
        CheckImageMatchesSize(model, settings, width, height);

        var body = OpenAIRequestBody.ForCreate(request, settings, image);
        return await SendCreateAsync(VideosUri(string.Empty), body, settings, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<VideoJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobIds.ThrowIfInvalid(jobId, nameof(jobId));
        var uri = VideosUri("/" + Uri.EscapeDataString(jobId));
        return await ProviderRuntime.ForJobAsync(jobId, async () =>
        {
            var response = await _runtime.Sender.SendAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Get, uri),
                OpenAIJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            return ToJob(response, sent: null);
        }).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<VideoContent> GetContentAsync(VideoJob job, VideoAssetKind kind = VideoAssetKind.Video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        JobIds.ThrowIfInvalid(job.Id, nameof(job));
        var (variant, mediaType) = kind switch
        {
            VideoAssetKind.Video => ("video", MediaTypes.Mp4),
            VideoAssetKind.Thumbnail => ("thumbnail", MediaTypes.Webp),
            VideoAssetKind.Spritesheet => ("spritesheet", MediaTypes.Jpeg),
            _ => throw new NotSupportedException($"{_runtime.Provider} does not offer {kind} assets."),
        };
        var uri = VideosUri($"/{Uri.EscapeDataString(job.Id)}/content?variant={variant}");
        return ProviderRuntime.ForJobAsync(job.Id, () => _runtime.Sender.OpenContentAsync(() =>
        {
            // The asset's own type first, then anything: a server that negotiates (the spec lists video/mp4,
            // image/webp and application/json) answers 406 to the official SDKs' "application/binary" alone.
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.8));
            return request;
        }, cancellationToken));
    }

    /// <summary>Creates a new video from a finished one with a changed prompt (<c>POST /videos/{id}/remix</c>).</summary>
    /// <param name="videoId">The finished video's id.</param>
    /// <param name="prompt">What to change.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new job.</returns>
    /// <exception cref="VideoProviderException">The gateway refused the remix.</exception>
    /// <exception cref="VideoSubmissionUncertainException">The request may have reached the gateway but no answer came.</exception>
    public Task<VideoJob> RemixAsync(string videoId, string prompt, CancellationToken cancellationToken = default)
    {
        JobIds.ThrowIfInvalid(videoId, nameof(videoId));
        return SubmitAsync(new VideoGenerationRequest(prompt) { RemixOf = videoId }, cancellationToken: cancellationToken);
    }

    /// <summary>Lists the account's jobs page by page (<c>GET /videos</c>), newest first unless told otherwise.</summary>
    /// <param name="pageSize">Jobs per request, 1 to 100.</param>
    /// <param name="newestFirst">The order.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The jobs.</returns>
    public async IAsyncEnumerable<VideoJob> ListJobsAsync(int pageSize = 100, bool newestFirst = true, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 100);
        string? after = null;
        while (true)
        {
            var query = string.Create(CultureInfo.InvariantCulture, $"?limit={pageSize}&order={(newestFirst ? "desc" : "asc")}")
                + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            var uri = VideosUri(query);
            var page = await _runtime.Sender.SendAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Get, uri),
                OpenAIJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
            var list = Parse(page, OpenAIJsonContext.Default.OpenAIVideoList);
            foreach (var item in page.Value.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data.EnumerateArray() : default)
            {
                yield return ToJob(page with { Value = item, PollAfter = null }, sent: null);
            }

            if (!list.HasMore || list.Data.Count == 0)
            {
                yield break;
            }

            after = list.LastId ?? list.Data[^1].Id;
        }
    }

    /// <summary>Deletes a finished (completed or failed) job and its assets (<c>DELETE /videos/{id}</c>).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> when the gateway confirmed the deletion.</returns>
    /// <exception cref="VideoJobNotFoundException">The gateway does not know the job.</exception>
    public async Task<bool> DeleteJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        JobIds.ThrowIfInvalid(jobId, nameof(jobId));
        var uri = VideosUri("/" + Uri.EscapeDataString(jobId));
        var response = await _runtime.Sender.SendAsync(HttpOperation.Status, () => new HttpRequestMessage(HttpMethod.Delete, uri),
            OpenAIJsonContext.Default.OpenAIDeletedVideo, cancellationToken).ConfigureAwait(false);
        return response.Value.Deleted;
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) => _runtime.GetService(this, serviceType, serviceKey);

    /// <summary>Does nothing: the adapter does not own its <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
    }

    internal static VideoProviderOptionsValidator<OpenAIOptions> CreateValidator() => new(OpenAIModels.All, OpenAIModels.Sora2.Model);

    // An answer that is not a readable video makes the create uncertain (ProviderRuntime.ReadJob): the job may exist and be billed.
    private async Task<VideoJob> SendCreateAsync(Uri uri, OpenAIRequestBody body, VideoGenerationSettings? sent, CancellationToken cancellationToken)
    {
        var response = await _runtime.Sender.SendAsync(HttpOperation.Submit, () => new HttpRequestMessage(HttpMethod.Post, uri) { Content = body.CreateContent() },
            OpenAIJsonContext.Default.JsonElement, cancellationToken).ConfigureAwait(false);
        return ToJob(response, sent, HttpOperation.Submit);
    }

    private VideoJob ToJob(ProviderResponse<JsonElement> response, VideoGenerationSettings? sent, HttpOperation operation = HttpOperation.Status) =>
        _runtime.ReadJob(response, answer =>
        {
            var video = answer.Deserialize(OpenAIJsonContext.Default.OpenAIVideo) ?? throw new JsonException("The response is null.");
            var status = OpenAIJobMapper.MapStatus(video.Status); // mapped once: the word is upper-cased for it
            if (!status.IsKnown && JobIds.IsSafe(video.Id))
            {
                _runtime.ReportUnknownStatus(video.Status ?? "(none)");
            }

            return OpenAIJobMapper.ToJob(video, status, answer, _runtime.Provider, _runtime.Models, _runtime.TimeProvider.GetUtcNow(), sent);
        }, operation);

    private T Parse<T>(ProviderResponse<JsonElement> response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return response.Value.Deserialize(typeInfo)
                ?? throw new JsonException("The response is null.");
        }
        catch (JsonException ex)
        {
            throw _runtime.Sender.InvalidResponse(response, ex);
        }
    }

    private Uri VideosUri(string suffix) => new(_runtime.Endpoint.AbsoluteUri.TrimEnd('/') + "/videos" + suffix);

    private async Task<UploadedImage?> ReadUploadAsync(VideoInput? input, CancellationToken cancellationToken)
    {
        if (input is null || input.IsUri)
        {
            return null;
        }

        var bytes = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (!ImageDimensions.TryRead(bytes.Span, out var width, out var height))
        {
            throw new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.ReferenceImage),
                $"{_runtime.Provider}: the reference image ({input}) is not a PNG, JPEG or WebP image.");
        }

        return new UploadedImage(bytes, input.MediaType!, input.FileName ?? "input" + MediaTypes.ExtensionFor(input.MediaType!), width, height);
    }

    private static (int Width, int Height) DataUriDimensions(VideoInput? input)
    {
        // A data: URI carries the image itself, so its size can be checked before sending.
        if (input?.Uri is { Scheme: "data" } uri && uri.OriginalString.IndexOf(";base64,", StringComparison.OrdinalIgnoreCase) is var start and > 0)
        {
            var buffer = new byte[(uri.OriginalString.Length - start) * 3 / 4];
            if (Convert.TryFromBase64String(uri.OriginalString[(start + 8)..], buffer, out var written)
                && ImageDimensions.TryRead(buffer.AsSpan(0, written), out var width, out var height))
            {
                return (width, height);
            }
        }

        return (0, 0);
    }

    // When only the image says what size the video is, use the size that matches it.
    private VideoGenerationRequest MatchSizeToImage(VideoGenerationRequest request, VideoModelCapabilities model, int width, int height)
    {
        if (width == 0 || request.Size is not null || request.AspectRatio is not null || request.Resolution is not null)
        {
            return request;
        }

        var match = model.Sizes.FirstOrDefault(s => s.Width == width && s.Height == height)
            ?? throw ImageMismatch(model, width, height, model.Sizes);
        var sized = request.Copy();
        sized.Size = match.Name;
        return sized;
    }

    private void CheckImageMatchesSize(VideoModelCapabilities model, VideoGenerationSettings settings, int width, int height)
    {
        if (width != 0 && model.FindSize(settings.Size) is { Width: { } w, Height: { } h } && (w != width || h != height))
        {
            throw ImageMismatch(model, width, height, model.Sizes.Where(s => s.Width == width && s.Height == height).ToList(), settings.Size);
        }
    }

    private VideoRequestValidationException ImageMismatch(VideoModelCapabilities model, int width, int height, IReadOnlyList<VideoSizeOption> matching, string? chosen = null)
    {
        var sizes = string.Join(", ", model.Sizes.Select(s => s.Name));
        var message = chosen is null
            ? $"{_runtime.Provider}: the reference image is {width}x{height}, but model '{model.Model}' only makes {sizes}. Resize or crop the image to one of these sizes."
            : $"{_runtime.Provider}: the reference image is {width}x{height} but the video size is {chosen}; the gateway requires them to match. " +
              (matching.Count > 0 ? $"Ask for size {matching[0].Name}, or resize the image to {chosen}." : $"Resize or crop the image to {chosen} (allowed sizes: {sizes}).");
        return new VideoRequestValidationException(_runtime.Provider, nameof(VideoGenerationRequest.ReferenceImage), message, [.. model.Sizes.Select(s => s.Name)]);
    }
}
