namespace SoraClient;

/// <summary>The settings a request was actually sent with, after normalisation against the model's capabilities.</summary>
public sealed record VideoGenerationSettings
{
    /// <summary>Gets the model.</summary>
    public required string Model { get; init; }

    /// <summary>Gets the length in seconds.</summary>
    public int DurationSeconds { get; init; }

    /// <summary>Gets the size's name (one of <see cref="VideoModelCapabilities.Sizes"/>).</summary>
    public required string Size { get; init; }

    /// <summary>Gets the shape.</summary>
    public VideoAspectRatio AspectRatio { get; init; }

    /// <summary>Gets the resolution tier.</summary>
    public VideoResolution Resolution { get; init; }

    /// <summary>Gets one line per value that differed from the request (nearest-value normalisation), for example <c>duration 5 s -> 4 s</c>.</summary>
    public IReadOnlyList<string> Adjustments { get; init; } = [];

    /// <summary>Gets gateway-specific choices the adapter made (for example AceData's API <c>version</c>).</summary>
    public IReadOnlyDictionary<string, string> ProviderSettings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
