namespace SoraClient.Providers.GrsAI;

/// <summary>
/// Settings of <see cref="GrsAIVideoGenerator"/>. <see cref="VideoProviderOptions.Endpoint"/> defaults to
/// <see cref="GrsAIEndpoints.Overseas"/>; use <see cref="GrsAIEndpoints.Mainland"/> from mainland China.
/// </summary>
public sealed class GrsAIOptions : VideoProviderOptions
{
    /// <summary>The endpoint used when <see cref="VideoProviderOptions.Endpoint"/> is not set: <see cref="GrsAIEndpoints.Overseas"/>.</summary>
    public static readonly Uri DefaultEndpoint = GrsAIEndpoints.Overseas;

    /// <summary>The registration name used when none is given.</summary>
    public const string DefaultProviderName = "grsai";

    /// <summary>
    /// Gets or sets how <c>GenerateAsync</c> and <c>SubmitAndWatchAsync</c> follow a job when the call does not say:
    /// <see cref="VideoDeliveryMode.Polling"/> (submit with <c>webHook:"-1"</c>, then read <c>/v1/draw/result</c>) or
    /// <see cref="VideoDeliveryMode.Streaming"/> (keep the submit response open and read its progress records).
    /// <see cref="IVideoGenerator.SubmitAsync"/> returns at once, so it always submits in polling mode (or webhook mode
    /// when the request has a <see cref="VideoGenerationRequest.CallbackUri"/>).
    /// </summary>
    /// <value>The default is <see cref="VideoDeliveryMode.Polling"/>. <see cref="VideoDeliveryMode.Webhook"/> is not a valid default: it needs a callback URL per request.</value>
    public VideoDeliveryMode DeliveryMode { get; set; } = VideoDeliveryMode.Polling;

    /// <summary>
    /// Gets or sets how long after this generator submitted a task GrsAI's <c>-22</c> ("task not found") is read as
    /// "not visible yet" (the job is reported <see cref="VideoJobStatus.Queued"/>) instead of <see cref="VideoJobNotFoundException"/>.
    /// </summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan NotFoundGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a streamed response may stay silent before the client stops reading it and follows the
    /// job by reading its status instead.
    /// </summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how long GrsAI keeps a result downloadable; <see cref="VideoJob.ExpiresAt"/> is computed from it.</summary>
    /// <value>The default is 2 hours, as GrsAI documents.</value>
    public TimeSpan ResultLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets how long a character upload or creation may take before <see cref="VideoWaitTimeoutException"/>.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan CharacterTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long a video typically takes on GrsAI. While GrsAI reports no progress (0) for a running task, the
    /// job's <see cref="VideoJob.Progress"/> is estimated from the time since the task was first seen against this
    /// (at most 95 %, with <see cref="VideoJob.IsProgressEstimated"/> set), so a progress bar moves; <see cref="TimeSpan.Zero"/> turns the estimate off.
    /// </summary>
    /// <value>The default is 3 minutes.</value>
    public TimeSpan TypicalGenerationTime { get; set; } = TimeSpan.FromMinutes(3);
}
