namespace SoraClient;

/// <summary>One output of a finished job.</summary>
/// <param name="Kind">What the asset is.</param>
// Only the kind is positional (an asset always has one); everything optional is an init member, so it can grow.
public sealed record VideoAsset(VideoAssetKind Kind)
{
    /// <summary>Gets where the gateway serves the asset, when it gives a URL (it may expire; see <see cref="VideoJob.ExpiresAt"/>).</summary>
    public Uri? Uri { get; init; }

    /// <summary>Gets the gateway's own reference to the result (for example GrsAI's <c>pid</c>, used for remix and characters).</summary>
    public string? ProviderReference { get; init; }

    /// <summary>Gets the media type, when known.</summary>
    public string? MediaType { get; init; }
}
