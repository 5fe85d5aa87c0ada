namespace SoraClient.Providers.GrsAI;

/// <summary>
/// The documented capabilities and prices of GrsAI's Sora 2 offer. Replace or extend them through
/// <see cref="VideoProviderOptions.Models"/> when GrsAI changes its offer.
/// </summary>
/// <remarks>
/// GrsAI's size is a shape (<c>aspectRatio</c> <c>16:9</c> or <c>9:16</c>) times a tier (<c>size</c> <c>small</c> or
/// <c>large</c>); each combination is one <see cref="VideoSizeOption"/> named <c>{aspectRatio}/{size}</c>, for example
/// <c>16:9/large</c>, which the adapter splits back into the two fields. GrsAI does not document pixel dimensions.
/// </remarks>
public static class GrsAIModels
{
    /// <summary>The price of one character upload or creation (<c>sora-upload-character</c>, <c>sora-create-character</c>), in USD.</summary>
    public const decimal CharacterPrice = 0.01m;

    /// <summary>
    /// Gets <c>sora-2</c>: 10 or 15 s, 9:16 (default) or 16:9, <c>small</c> (default) or <c>large</c>, reference image,
    /// remix of an earlier result's <c>pid</c>, characters, callbacks; $0.08 per clip whatever its length or size.
    /// </summary>
    public static VideoModelCapabilities Sora2 { get; } = new(
        Model: "sora-2",
        Durations: [10, 15],
        DefaultDuration: 10,
        Sizes:
        [
            new("9:16/small", VideoAspectRatio.Portrait, VideoResolution.Standard),
            new("9:16/large", VideoAspectRatio.Portrait, VideoResolution.High),
            new("16:9/small", VideoAspectRatio.Landscape, VideoResolution.Standard),
            new("16:9/large", VideoAspectRatio.Landscape, VideoResolution.High),
        ],
        DefaultSize: "9:16/small")
    {
        SupportsImageInput = true,
        SupportsRemix = true,
        MaxCharacters = 2, // not documented by GrsAI; Sora 2 itself allows two characters per video
        SupportsCallbacks = true,
        PricePerClip = 0.08m,
    };

    /// <summary>Gets every default model.</summary>
    public static IReadOnlyList<VideoModelCapabilities> All { get; } = [Sora2];
}
