using System.Diagnostics.CodeAnalysis;

namespace SoraClient;

/// <summary>
/// What one model on one gateway accepts, and what it costs. Adapters publish defaults from the gateways'
/// documentation; override or add models through the provider options (<see cref="VideoProviderOptions.Models"/>,
/// also from configuration), because gateways change their offers faster than releases ship. Invalid data (no
/// durations, a default that is not in its list) is reported when the adapter starts.
/// </summary>
/// <remarks>
/// The constructor takes what every model must state; the optional values are <c>init</c> members, so a new capability
/// can be added later without changing the constructor. Not a record with only <see langword="required"/> members and
/// a parameterless constructor, because of the configuration binding source generator: it creates such a type with
/// <c>new()</c> (which <see langword="required"/> members refuse), sets <c>init</c> members only through a constructor,
/// matches parameters to properties by their exact name (hence the parameters' casing), and does not bind a
/// collection-valued <c>init</c> member at all (hence <see cref="ProviderSettings"/> is also a parameter). A new
/// scalar member can be an <c>init</c> member; a new collection needs a new constructor overload.
/// </remarks>
public sealed record VideoModelCapabilities
{
    /// <summary>Initializes a new instance of the <see cref="VideoModelCapabilities"/> class.</summary>
    /// <param name="Model">The model name sent to the gateway (for Azure OpenAI, the deployment name).</param>
    /// <param name="Durations">The allowed lengths in seconds.</param>
    /// <param name="DefaultDuration">The length used when the request gives none.</param>
    /// <param name="Sizes">The allowed sizes.</param>
    /// <param name="DefaultSize">The name of the size used when the request gives no size, shape or resolution.</param>
    /// <param name="ProviderSettings">The gateway-specific settings this entry stands for (see <see cref="ProviderSettings"/>).</param>
    [SuppressMessage("StyleCop.CSharp.NamingRules", "SA1313:Parameter names should begin with lower-case letter", Justification = "Named as the properties: the configuration binding generator matches constructor parameters to properties by exact name.")]
    public VideoModelCapabilities(string Model, IReadOnlyList<int> Durations, int DefaultDuration, IReadOnlyList<VideoSizeOption> Sizes, string DefaultSize, IReadOnlyDictionary<string, string>? ProviderSettings = null)
    {
        this.Model = Model;
        this.Durations = Durations;
        this.DefaultDuration = DefaultDuration;
        this.Sizes = Sizes;
        this.DefaultSize = DefaultSize;
        this.ProviderSettings = ProviderSettings;
    }

    /// <summary>Gets the model name sent to the gateway (for Azure OpenAI, the deployment name).</summary>
    public string Model { get; init; }

    /// <summary>Gets the allowed lengths in seconds.</summary>
    public IReadOnlyList<int> Durations { get; init; }

    /// <summary>Gets the length used when the request gives none.</summary>
    public int DefaultDuration { get; init; }

    /// <summary>Gets the allowed sizes.</summary>
    public IReadOnlyList<VideoSizeOption> Sizes { get; init; }

    /// <summary>Gets the name of the size used when the request gives no size, shape or resolution.</summary>
    public string DefaultSize { get; init; }

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
    /// <value>
    /// The default is <c>USD</c>, also when set to <see langword="null"/> (the configuration binding generator sets an
    /// <c>init</c> member that the configuration does not name to its type's default).
    /// </value>
    public string Currency { get; init => field = value ?? "USD"; } = "USD";

    /// <summary>
    /// Gets gateway-specific settings this entry stands for, for a model the gateway offers in several variants with different
    /// durations and sizes (AceData's API <c>version</c> <c>1.0</c> and <c>2.0</c>, say). A catalogue then lists the model
    /// once per variant, first the preferred one: a request goes to the first variant that accepts it as it is, and the
    /// chosen variant's settings become <see cref="VideoGenerationSettings.ProviderSettings"/>. A request pins a variant by
    /// naming a setting in <see cref="VideoGenerationRequest.AdditionalProperties"/> (for example <c>"version": "2.0"</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string>? ProviderSettings { get; init; }

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
