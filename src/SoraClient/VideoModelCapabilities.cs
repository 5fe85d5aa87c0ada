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
    string Currency = "USD")
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
}
