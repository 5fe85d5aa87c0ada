namespace SoraClient;

/// <summary>Describes a generator: its gateway, endpoint, models and how it reports progress. Ask for it with <c>GetService&lt;VideoGeneratorMetadata&gt;()</c>.</summary>
public sealed class VideoGeneratorMetadata
{
    /// <summary>Initializes a new instance of the <see cref="VideoGeneratorMetadata"/> class.</summary>
    /// <param name="providerName">The registration name (for example <c>apiyi</c>).</param>
    /// <param name="endpoint">The gateway's base address.</param>
    /// <param name="defaultModel">The model used when a request names none.</param>
    /// <param name="models">The models and their capabilities.</param>
    /// <param name="deliveryModes">How the gateway can report progress.</param>
    public VideoGeneratorMetadata(string providerName, Uri? endpoint, string? defaultModel,
        IReadOnlyList<VideoModelCapabilities> models, IReadOnlyList<VideoDeliveryMode> deliveryModes)
    {
        ProviderName = providerName;
        Endpoint = endpoint;
        DefaultModel = defaultModel;
        Models = models;
        DeliveryModes = deliveryModes;
    }

    /// <summary>Gets the registration name, which is also <see cref="VideoJob.Provider"/>.</summary>
    public string ProviderName { get; }

    /// <summary>Gets the gateway's base address.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Gets the model used when a request names none.</summary>
    public string? DefaultModel { get; }

    /// <summary>Gets the models and their capabilities, including prices. A model offered in several variants appears once per variant (see <see cref="VideoModelCapabilities.ProviderSettings"/>), the preferred one first.</summary>
    public IReadOnlyList<VideoModelCapabilities> Models { get; }

    /// <summary>Gets how the gateway can report progress.</summary>
    public IReadOnlyList<VideoDeliveryMode> DeliveryModes { get; }

    /// <summary>
    /// Gets how <see cref="VideoGeneratorExtensions.GenerateAsync"/> and <see cref="VideoGeneratorExtensions.SubmitAndWatchAsync"/>
    /// follow a job when the call's <see cref="VideoGenerationOptions.DeliveryMode"/> does not say.
    /// </summary>
    /// <value>The default is <see cref="VideoDeliveryMode.Polling"/>.</value>
    public VideoDeliveryMode DefaultDeliveryMode { get; init; } = VideoDeliveryMode.Polling;

    /// <summary>Gets what the generator does with unsupported values when a call's <see cref="VideoGenerationOptions.Normalization"/> does not say.</summary>
    /// <value>The default is <see cref="VideoNormalization.Strict"/>.</value>
    public VideoNormalization DefaultNormalization { get; init; } = VideoNormalization.Strict;

    /// <summary>Finds a model's capabilities by name, ignoring case (its preferred variant, when it has several).</summary>
    /// <param name="model">The model name.</param>
    /// <returns>The capabilities, or <see langword="null"/>.</returns>
    public VideoModelCapabilities? FindModel(string model) =>
        Models.FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.OrdinalIgnoreCase));
}
