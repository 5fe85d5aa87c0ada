namespace SoraClient.Tests.Support;

/// <summary>Capability data shaped like the gateways' (pixel sizes priced per second; named sizes priced per clip).</summary>
internal static class TestModels
{
    /// <summary>4/8/12 s; 720p, 1024p, 1080p in portrait and landscape; $0.30/s with per-size prices above 720p.</summary>
    public static VideoModelCapabilities Pro { get; } = new(
        Model: "pro",
        Durations: [4, 8, 12],
        DefaultDuration: 4,
        Sizes:
        [
            VideoSizeOption.Pixels(720, 1280, VideoResolution.Standard),
            VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard),
            VideoSizeOption.Pixels(1024, 1792, VideoResolution.High, 0.50m),
            VideoSizeOption.Pixels(1792, 1024, VideoResolution.High, 0.50m),
            VideoSizeOption.Pixels(1080, 1920, VideoResolution.FullHd, 0.70m),
            VideoSizeOption.Pixels(1920, 1080, VideoResolution.FullHd, 0.70m),
        ],
        DefaultSize: "720x1280")
    {
        SupportsImageInput = true,
        SupportsRemix = true,
        MaxCharacters = 2,
        PricePerSecond = 0.30m,
    };

    /// <summary>10/15 s; named sizes, 720p only; $0.08 a clip; callbacks, no image, remix or characters.</summary>
    public static VideoModelCapabilities Clip { get; } = new(
        Model: "clip",
        Durations: [10, 15],
        DefaultDuration: 10,
        Sizes:
        [
            new VideoSizeOption("16:9", VideoAspectRatio.Landscape, VideoResolution.Standard),
            new VideoSizeOption("9:16", VideoAspectRatio.Portrait, VideoResolution.Standard),
        ],
        DefaultSize: "9:16")
    {
        SupportsCallbacks = true,
        PricePerClip = 0.08m,
        Currency = "CNY",
    };

    /// <summary>Landscape 720p and 1080p only (no middle tier), no price.</summary>
    public static VideoModelCapabilities Gapped { get; } = new(
        Model: "gapped",
        Durations: [5],
        DefaultDuration: 5,
        Sizes:
        [
            VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard),
            VideoSizeOption.Pixels(1920, 1080, VideoResolution.FullHd),
        ],
        DefaultSize: "1280x720");

    /// <summary>720p only, portrait or landscape, $0.10/s.</summary>
    public static VideoModelCapabilities Basic { get; } = new(
        Model: "basic",
        Durations: [4, 8, 12],
        DefaultDuration: 4,
        Sizes: [VideoSizeOption.Pixels(720, 1280, VideoResolution.Standard), VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard)],
        DefaultSize: "720x1280")
    {
        PricePerSecond = 0.10m,
    };

    public static IReadOnlyList<VideoModelCapabilities> All { get; } = [Pro, Clip, Gapped];
}
