namespace SoraClient;

/// <summary>
/// What one model on one gateway accepts, and what it costs. Adapters publish defaults from the gateways'
/// documentation; override or add models through the provider options (<see cref="VideoProviderOptions.Models"/>),
/// because gateways change their offers faster than releases ship. Invalid data (no durations, a default that is
/// not in the list) is reported when the adapter starts.
/// </summary>
public sealed record VideoModelCapabilities
{
    /// <summary>Gets the model name sent to the gateway (for Azure OpenAI, the deployment name).</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets the allowed lengths in seconds.</summary>
    public IReadOnlyList<int> Durations { get; init; } = [];

    /// <summary>Gets the length used when the request gives none.</summary>
    public int DefaultDuration { get; init; }

    /// <summary>Gets the allowed sizes.</summary>
    public IReadOnlyList<VideoSizeOption> Sizes { get; init; } = [];

    /// <summary>Gets the name of the size used when the request gives no size, shape or resolution.</summary>
    public string DefaultSize { get; init; } = string.Empty;

    /// <summary>Gets a value indicating whether the model accepts a reference image.</summary>
    public bool SupportsImageInput { get; init; }

    /// <summary>Gets a value indicating whether the gateway can remix an earlier result of this model.</summary>
    public bool SupportsRemix { get; init; }

    /// <summary>Gets how many characters one request may feature; 0 when characters are not supported.</summary>
    public int MaxCharacters { get; init; }

    /// <summary>Gets a value indicating whether the request can carry a callback URL.</summary>
    public bool SupportsCallbacks { get; init; }

    /// <summary>Gets the price of one clip, for gateways that price per clip.</summary>
    public decimal? PricePerClip { get; init; }

    /// <summary>Gets the price of one generated second, for gateways that price per second (a size may override it).</summary>
    public decimal? PricePerSecond { get; init; }

    /// <summary>Gets the currency of the prices.</summary>
    /// <value>The default is <c>USD</c>.</value>
    public string Currency { get; init; } = "USD";

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
