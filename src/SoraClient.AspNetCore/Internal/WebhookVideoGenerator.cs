namespace SoraClient.AspNetCore.Internal;

/// <summary>
/// The layer <c>AddWebhooks</c> puts on a registration: it gives requests that have no callback URL one the endpoint can
/// verify (when the gateway and model take callbacks), and offers the confirmed updates the endpoint receives to the
/// waits on this generator (<see cref="IVideoJobUpdateSource"/>).
/// </summary>
internal sealed class WebhookVideoGenerator(IVideoGenerator inner, string provider, SoraWebhookOptions options, WebhookJobHub hub)
    : DelegatingVideoGenerator(inner), IVideoJobUpdateSource
{
    public TimeSpan SafetyPollInterval => options.SafetyPollInterval;

    public override Task<VideoJob> SubmitAsync(VideoGenerationRequest request, VideoGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return base.SubmitAsync(TakesCallback(request, options) ? WithCallback(request, CallbackUri()) : request, options, cancellationToken);
    }

    public Task<VideoJob> WaitForUpdateAsync(string jobId, VideoJob? known, CancellationToken cancellationToken) =>
        hub.WaitForUpdateAsync(provider, jobId, known, cancellationToken);

    /// <summary><c>{PublicBaseUri}{Path}/{provider}/{correlation}?t={token}</c>, signed with the first key.</summary>
    internal Uri CallbackUri()
    {
        var correlation = CallbackToken.NewCorrelation();
        var token = CallbackToken.Create(options.SigningKeys[0], provider, correlation);
        return new Uri($"{options.PublicBaseUri!.AbsoluteUri.TrimEnd('/')}/{options.Path.Trim('/')}/{Uri.EscapeDataString(provider)}/{correlation}?t={token}");
    }

    private bool TakesCallback(VideoGenerationRequest request, VideoGenerationOptions? callOptions)
    {
        if (request.CallbackUri is not null || options.PublicBaseUri is null || callOptions?.DeliveryMode == VideoDeliveryMode.Streaming
            || GetService(typeof(VideoGeneratorMetadata)) is not VideoGeneratorMetadata metadata || !metadata.DeliveryModes.Contains(VideoDeliveryMode.Webhook))
        {
            return false;
        }

        return (request.Model ?? metadata.DefaultModel) is { } model && metadata.FindModel(model) is { SupportsCallbacks: true };
    }

    /// <summary>A copy with the callback URL: the caller's request is never changed.</summary>
    private static VideoGenerationRequest WithCallback(VideoGenerationRequest request, Uri callback) => new(request.Prompt)
    {
        Model = request.Model,
        DurationSeconds = request.DurationSeconds,
        AspectRatio = request.AspectRatio,
        Resolution = request.Resolution,
        Size = request.Size,
        ReferenceImage = request.ReferenceImage,
        Characters = request.Characters,
        RemixOf = request.RemixOf,
        CallbackUri = callback,
        AdditionalProperties = request.AdditionalProperties,
    };
}
