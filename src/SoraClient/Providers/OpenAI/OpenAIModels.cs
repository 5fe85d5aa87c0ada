namespace SoraClient.Providers.OpenAI;

/// <summary>
/// The documented capabilities and prices of the models behind <c>/v1/videos</c> (OpenAI's spec and APIYI's
/// price list). Replace or extend them through <see cref="VideoProviderOptions.Models"/>.
/// </summary>
public static class OpenAIModels
{
    /// <summary>Gets <c>sora-2</c>: 4/8/12 s, 720p portrait or landscape, $0.10 per second.</summary>
    public static VideoModelCapabilities Sora2 { get; } = new(
        Model: "sora-2",
        Durations: [4, 8, 12],
        DefaultDuration: 4,
        Sizes:
        [
            VideoSizeOption.Pixels(720, 1280, VideoResolution.Standard),
            VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard),
        ],
        DefaultSize: "720x1280")
    {
        SupportsImageInput = true,
        SupportsRemix = true,
        MaxCharacters = 2,
        PricePerSecond = 0.10m,
    };

    /// <summary>Gets <c>sora-2-pro</c>: 4/8/12 s, 720p ($0.30/s), 1024p ($0.50/s) and 1080p ($0.70/s).</summary>
    public static VideoModelCapabilities Sora2Pro { get; } = Sora2 with
    {
        Model = "sora-2-pro",
        Sizes =
        [
            VideoSizeOption.Pixels(720, 1280, VideoResolution.Standard, 0.30m),
            VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard, 0.30m),
            VideoSizeOption.Pixels(1024, 1792, VideoResolution.High, 0.50m),
            VideoSizeOption.Pixels(1792, 1024, VideoResolution.High, 0.50m),
            VideoSizeOption.Pixels(1080, 1920, VideoResolution.FullHd, 0.70m),
            VideoSizeOption.Pixels(1920, 1080, VideoResolution.FullHd, 0.70m),
        ],
        PricePerSecond = 0.30m,
    };

    /// <summary>Gets every default model, including the dated snapshots.</summary>
    public static IReadOnlyList<VideoModelCapabilities> All { get; } =
    [
        Sora2,
        Sora2Pro,
        Sora2.WithModel("sora-2-2025-12-08"),
        Sora2.WithModel("sora-2-2025-10-06"),
        Sora2Pro.WithModel("sora-2-pro-2025-10-06"),
    ];
}
