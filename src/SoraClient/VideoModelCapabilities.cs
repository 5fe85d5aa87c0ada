namespace SoraClient;

/// <summary>
/// What one model on one gateway accepts, and what it costs. Adapters publish defaults from the gateways'
/// documentation; override or add models through the provider options (<see cref="VideoProviderOptions.Models"/>,
/// also from configuration), because gateways change their offers faster than releases ship. Invalid data (no
/// durations, a default that is not in its list) is reported when the adapter starts.
/// </summary>
/// <param name="Model">The model name sent to the gateway (for Azure OpenAI, the deployment name).</param>
/// <param name="Durations">The allowed lengths in seconds.</param>
/// <param name="DefaultDuration">The length used when the request gives none.</param>
/// <param name="Sizes">The allowed sizes.</param>
/// <param name="DefaultSize">The name of the size used when the request gives no size, shape or resolution.</param>
/// <param name="SupportsImageInput">Whether the model accepts a reference image.</param>
/// <param name="SupportsRemix">Whether the gateway can remix an earlier result of this model.</param>
/// <param name="MaxCharacters">How many characters one request may feature; 0 when characters are not supported.</param>
/// <param name="SupportsCallbacks">Whether the request can carry a callback URL.</param>
/// <param name="PricePerClip">The price of one clip, for gateways that price per clip.</param>
/// <param name="PricePerSecond">The price of one generated second, for gateways that price per second (a size may override it).</param>
/// <param name="Currency">The currency of the prices.</param>
/// <param name="ProviderSettings">
/// Gateway-specific settings this entry stands for, for a model the gateway offers in several variants with different
/// durations and sizes (AceData's API <c>version</c> <c>1.0</c> and <c>2.0</c>, say). A catalogue then lists the model
/// once per variant, first the preferred one: a request goes to the first variant that accepts it as it is, and the
/// chosen variant's settings become <see cref="VideoGenerationSettings.ProviderSettings"/>. A request pins a variant by
/// naming a setting in <see cref="VideoGenerationRequest.AdditionalProperties"/> (for example <c>"version": "2.0"</c>).
/// </param>
public sealed record VideoModelCapabilities(
    string Model,
    IReadOnlyList<int> Durations,
    int DefaultDuration,
    IReadOnlyList<VideoSizeOption> Sizes,
    string DefaultSize,
    bool SupportsImageInput = false,
    bool SupportsRemix = false,
    int MaxCharacters = 0,
    bool SupportsCallbacks = false,
    decimal? PricePerClip = null,
    decimal? PricePerSecond = null,
    string Currency = "USD",
    IReadOnlyDictionary<string, string>? ProviderSettings = null)
{
    /// <summary>Finds a size by name, ignoring case.</summary>
    /// <param name="name">The size's name.</param>
    /// <returns>The size, or <see langword="null"/>.</returns>
    public VideoSizeOption? FindSize(string name) =>
        Sizes.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Creates a copy under another model name, for example an Azure OpenAI deployment of <c>sora-2</c>.</summary>
    /// <param name="model">The new model (or deployment) name.</param>
    /// <returns>The copy.</returns>
    public VideoModelCapabilities WithModel(string model) => this with { Model = model };

    /// <summary>Describes the variant in words, for messages: <c>version 2.0</c>, or an empty string for a model without variants.</summary>
    internal string DescribeVariant() =>
        ProviderSettings is { Count: > 0 } settings ? string.Join(", ", settings.Select(s => $"{s.Key} {s.Value}")) : string.Empty;
}
