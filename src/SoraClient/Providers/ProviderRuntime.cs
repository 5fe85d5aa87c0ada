using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SoraClient.Download;
using SoraClient.Http;

namespace SoraClient.Providers;

/// <summary>
/// What every gateway adapter is built on: its options resolved against the adapter's defaults (name, default model,
/// normalisation), the endpoint and model catalog, the metadata, the clock, the logger and the HTTP sender. The public
/// adapters are sealed and cannot share an internal base class, so each builds one of these in its constructor.
/// </summary>
internal sealed partial class ProviderRuntime
{
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, bool> _unknownStatuses = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ProviderRuntime"/> class from validated options.</summary>
    /// <param name="httpClient">The client to send requests with.</param>
    /// <param name="options">The adapter's options, already validated (the API key is set).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The adapter's logger; none when <see langword="null"/>.</param>
    /// <param name="defaultProviderName">The name when <see cref="VideoProviderOptions.ProviderName"/> is blank.</param>
    /// <param name="endpoint">The gateway's base address, as the adapter resolved it.</param>
    /// <param name="defaultModel">The model when <see cref="VideoProviderOptions.DefaultModel"/> is not set.</param>
    /// <param name="models">The model catalog, merged with <see cref="VideoProviderOptions.Models"/>.</param>
    /// <param name="deliveryModes">How the gateway can report progress.</param>
    /// <param name="parseError">Reads the gateway's error bodies.</param>
    /// <param name="authenticate">Adds the key (fixed, or from <see cref="VideoProviderOptions.ApiKeyProvider"/>) to a request to the gateway; <see langword="null"/> sends it as a Bearer token.</param>
    /// <param name="defaultDeliveryMode">The delivery mode the metadata offers as the default.</param>
    /// <param name="headers">The gateway's own hint headers; the standard ones when <see langword="null"/>.</param>
    public ProviderRuntime(HttpClient httpClient, VideoProviderOptions options, TimeProvider? timeProvider, ILogger? logger,
        string defaultProviderName, Uri endpoint, string defaultModel, IReadOnlyList<VideoModelCapabilities> models,
        IReadOnlyList<VideoDeliveryMode> deliveryModes, ProviderErrorParser parseError,
        Action<HttpRequestMessage, string>? authenticate = null, VideoDeliveryMode defaultDeliveryMode = VideoDeliveryMode.Polling, ProviderHeaders? headers = null)
    {
        Provider = string.IsNullOrWhiteSpace(options.ProviderName) ? defaultProviderName : options.ProviderName;
        Endpoint = endpoint;
        DefaultModel = options.DefaultModel ?? defaultModel;
        Normalization = options.Normalization;
        Models = models;
        Metadata = new VideoGeneratorMetadata(Provider, Endpoint, DefaultModel, Models, deliveryModes)
        {
            DefaultDeliveryMode = defaultDeliveryMode,
            DefaultNormalization = options.Normalization,
        };
        TimeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;

        Sender = new ProviderHttpSender(httpClient, Provider, Endpoint, options,
            authenticate ?? ((request, key) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key)),
            parseError, TimeProvider, _logger, headers);
    }

    /// <summary>Gets the registration name, used as <see cref="VideoJob.Provider"/> and in messages and logs.</summary>
    public string Provider { get; }

    /// <summary>Gets the gateway's base address.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the model used when a request names none.</summary>
    public string DefaultModel { get; }

    /// <summary>Gets what to do with unsupported values when a call does not say.</summary>
    public VideoNormalization Normalization { get; }

    /// <summary>Gets the models the adapter knows.</summary>
    public IReadOnlyList<VideoModelCapabilities> Models { get; }

    /// <summary>Gets the metadata <see cref="GetService"/> offers.</summary>
    public VideoGeneratorMetadata Metadata { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the sender all of the adapter's requests go through.</summary>
    public ProviderHttpSender Sender { get; }

    /// <summary>The <see cref="IVideoGenerator.GetService"/> every adapter offers: the metadata, the clock, and the adapter itself.</summary>
    /// <param name="adapter">The adapter asked.</param>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">The key; keyed services are never offered.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    public object? GetService(IVideoGenerator adapter, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VideoGeneratorMetadata) ? Metadata
            : serviceType == typeof(TimeProvider) ? TimeProvider
            : serviceType.IsInstanceOfType(adapter) ? adapter
            : null;
    }

    /// <summary>
    /// The <see cref="IVideoGenerator.GetContentAsync"/> of a gateway that returns only the video, as a link: the link the job
    /// carries or, for a job that carries none (one rebuilt from its id, say), the one a fresh read finds. The key goes only
    /// to the gateway's own host (<see cref="AssetDownloads.OpenAssetAsync"/>).
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="kind">The asset asked for; only <see cref="VideoAssetKind.Video"/> exists.</param>
    /// <param name="getJob">Reads the job again.</param>
    /// <param name="noVideo">The message when neither has a link.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open video.</returns>
    public async Task<VideoContent> OpenVideoLinkAsync(VideoJob job, VideoAssetKind kind, Func<string, CancellationToken, Task<VideoJob>> getJob,
        string noVideo, CancellationToken cancellationToken)
    {
        if (kind != VideoAssetKind.Video)
        {
            throw new NotSupportedException($"{Provider} returns only the video; it has no {kind} asset.");
        }

        JobIds.ThrowIfInvalid(job.Id, nameof(job));
        var uri = VideoLink(job) ?? VideoLink(await getJob(job.Id, cancellationToken).ConfigureAwait(false))
            ?? throw new InvalidOperationException(noVideo);
        return await ForJobAsync(job.Id, () => Sender.OpenAssetAsync(uri, job.Id, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the job a gateway's answer describes: the one way a create, a read or a list entry becomes a <see cref="VideoJob"/>.
    /// What <paramref name="map"/> throws on an unexpected shape becomes <c>invalid_response</c> or, for the answer to a create,
    /// <see cref="VideoSubmissionUncertainException"/> (<see cref="ProviderHttpSender.Read"/>); see <see cref="Describe"/> for the rest.
    /// </summary>
    /// <param name="response">The answer.</param>
    /// <param name="map">The adapter's mapping of the answer to a job.</param>
    /// <param name="operation">The call that was answered: <see cref="HttpOperation.Submit"/> for a create.</param>
    /// <returns>The job.</returns>
    public VideoJob ReadJob(ProviderResponse<JsonElement> response, Func<JsonElement, VideoJob> map, HttpOperation operation = HttpOperation.Status) =>
        Sender.Read(response, answer => Describe(map(answer), response.PollAfter), operation);

    /// <summary>
    /// What every job an answer describes goes through: an id that could change a request's path is unreadable (a
    /// <see cref="JsonException"/>, read as <c>invalid_response</c>), the gateway's texts are redacted, and the answer's poll
    /// hint (<c>Retry-After</c> on a success, or the adapter's own header) becomes <see cref="VideoJob.PollAfter"/>, which the waiter honours.
    /// </summary>
    /// <param name="job">The job the adapter mapped.</param>
    /// <param name="pollAfter">The answer's poll hint, if any.</param>
    /// <returns>The job to hand out.</returns>
    /// <exception cref="JsonException">The job's id is not safe to use in a request.</exception>
    public VideoJob Describe(VideoJob job, TimeSpan? pollAfter)
    {
        if (!JobIds.IsSafe(job.Id))
        {
            throw new JsonException("The job id could change a request's path.");
        }

        job = Sender.Redactor.Redact(job);
        return pollAfter is null || job.PollAfter is not null ? job : job with { PollAfter = pollAfter };
    }

    /// <summary>Runs a call about a known job, so that its errors name the job (<see cref="VideoGenerationException.JobId"/>).</summary>
    /// <typeparam name="T">The call's result.</typeparam>
    /// <param name="jobId">The job.</param>
    /// <param name="call">The call.</param>
    /// <returns>The call's result.</returns>
    public static async Task<T> ForJobAsync<T>(string jobId, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (VideoGenerationException ex)
        {
            ex.NameJob(jobId);
            throw;
        }
    }

    /// <summary>
    /// Warns about an undocumented status word, once per word, so that a long wait does not repeat it at every poll; the
    /// job stays non-terminal (each mapper maps an unknown word to a waiting status).
    /// </summary>
    /// <param name="status">The word.</param>
    /// <param name="noun">What the gateway calls it ("state" for AceData).</param>
    public void ReportUnknownStatus(string status, string noun = "status")
    {
        status = Sender.Redactor.Redact(status); // the gateway's word may echo the key
        if (_unknownStatuses.TryAdd(status, true))
        {
            LogUnknownStatus(Provider, noun, status);
        }
    }

    private static Uri? VideoLink(VideoJob job) => job.Assets.FirstOrDefault(a => a.Kind == VideoAssetKind.Video && a.Uri is not null)?.Uri;

    [LoggerMessage(LogLevel.Warning, "{Provider} reported the undocumented {Noun} '{Status}'; treating the job as still in progress")]
    private partial void LogUnknownStatus(string provider, string noun, string status);
}
