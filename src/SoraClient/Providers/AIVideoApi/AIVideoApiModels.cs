namespace SoraClient.Providers.AIVideoApi;

/// <summary>
/// The documented capabilities and price of Sora 2 on aivideoapi.ai: 4, 8 or 12 seconds, 16:9 or 9:16 (the gateway picks
/// the resolution), an optional first-frame image URL, 25 credits ($0.125) per second. Sizes are named by the aspect ratio
/// sent as <c>input.aspect_ratio</c>. Replace or extend them through <see cref="VideoProviderOptions.Models"/>.
/// </summary>
public static class AIVideoApiModels
{
    /// <summary>Gets <c>sora-2</c>: 4, 8 (default) or 12 s, <c>9:16</c> (default) or <c>16:9</c>, $0.125 per second.</summary>
    public static VideoModelCapabilities Sora2 { get; } = new(
        Model: "sora-2",
        Durations: [4, 8, 12],
        DefaultDuration: 8,
        Sizes:
        [
            new VideoSizeOption("9:16", VideoAspectRatio.Portrait, VideoResolution.Standard),
            new VideoSizeOption("16:9", VideoAspectRatio.Landscape, VideoResolution.Standard),
        ],
        DefaultSize: "9:16")
    {
        SupportsImageInput = true,
        SupportsCallbacks = true,
        PricePerSecond = 0.125m,
    };

    /// <summary>Gets every default model.</summary>
    public static IReadOnlyList<VideoModelCapabilities> All { get; } = [Sora2];
}
