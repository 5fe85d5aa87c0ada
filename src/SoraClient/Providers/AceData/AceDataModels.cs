namespace SoraClient.Providers.AceData;

/// <summary>
/// The documented capabilities and prices of AceData Cloud's Sora models. AceData serves each model through two API
/// versions with different durations and sizes, so every model appears twice, once per <see cref="VersionSetting"/>
/// (see <see cref="VideoModelCapabilities.ProviderSettings"/>): version <see cref="Version1"/> first (AceData's default),
/// then <see cref="Version2"/>. A request goes to the first version that accepts it as it is: 4, 8 or 12 seconds, or a
/// pixel size, mean version 2.0. Replace or extend the entries through <see cref="VideoProviderOptions.Models"/>.
/// </summary>
/// <remarks>
/// Version 1.0 sizes are named <c>{size}-{orientation}</c> (<c>small-portrait</c>, <c>large-landscape</c>...) and sent as
/// <c>size</c> and <c>orientation</c>; version 2.0 sizes are pixel sizes. Prices are AceData's published starting prices per
/// call (bulk discounts lower them).
/// </remarks>
public static class AceDataModels
{
    /// <summary>The name of the variant setting and of the request field that carries it: <c>version</c>.</summary>
    public const string VersionSetting = "version";

    /// <summary>API version 1.0 (AceData's default): 10 or 15 s (25 s on <c>sora-2-pro</c>), <c>small</c> or <c>large</c>, <c>landscape</c> or <c>portrait</c>.</summary>
    public const string Version1 = "1.0";

    /// <summary>API version 2.0: 4, 8 or 12 s at a pixel size; only one reference image, which must match the size.</summary>
    public const string Version2 = "2.0";

    private static readonly IReadOnlyDictionary<string, string> s_version1 = new Dictionary<string, string>(StringComparer.Ordinal) { [VersionSetting] = Version1 }.AsReadOnly();
    private static readonly IReadOnlyDictionary<string, string> s_version2 = new Dictionary<string, string>(StringComparer.Ordinal) { [VersionSetting] = Version2 }.AsReadOnly();

    /// <summary>Gets <c>sora-2</c> on version 1.0: 10 or 15 s, small or large, portrait or landscape, from $0.053 per clip.</summary>
    public static VideoModelCapabilities Sora2Version1 { get; } = new(
        Model: "sora-2",
        Durations: [10, 15],
        DefaultDuration: 10,
        Sizes:
        [
            new VideoSizeOption("small-portrait", VideoAspectRatio.Portrait, VideoResolution.Standard),
            new VideoSizeOption("small-landscape", VideoAspectRatio.Landscape, VideoResolution.Standard),
            new VideoSizeOption("large-portrait", VideoAspectRatio.Portrait, VideoResolution.High),
            new VideoSizeOption("large-landscape", VideoAspectRatio.Landscape, VideoResolution.High),
        ],
        DefaultSize: "small-portrait")
    {
        SupportsImageInput = true,
        SupportsCallbacks = true,
        PricePerClip = 0.053m,
        ProviderSettings = s_version1,
    };

    /// <summary>Gets <c>sora-2</c> on version 2.0: 4, 8 or 12 s at 720x1280, 1280x720, 1024x1792 or 1792x1024, from $0.053 per clip.</summary>
    public static VideoModelCapabilities Sora2Version2 { get; } = Sora2Version1 with
    {
        Durations = [4, 8, 12],
        DefaultDuration = 4,
        Sizes =
        [
            VideoSizeOption.Pixels(720, 1280, VideoResolution.Standard),
            VideoSizeOption.Pixels(1280, 720, VideoResolution.Standard),
            VideoSizeOption.Pixels(1024, 1792, VideoResolution.High),
            VideoSizeOption.Pixels(1792, 1024, VideoResolution.High),
        ],
        DefaultSize = "720x1280",
        ProviderSettings = s_version2,
    };

    /// <summary>Gets <c>sora-2-pro</c> on version 1.0: 10, 15 or 25 s, small or large, portrait or landscape, from $0.53 per clip.</summary>
    public static VideoModelCapabilities Sora2ProVersion1 { get; } = Sora2Version1 with { Model = "sora-2-pro", Durations = [10, 15, 25], PricePerClip = 0.53m };

    /// <summary>Gets <c>sora-2-pro</c> on version 2.0: 4, 8 or 12 s at the four pixel sizes, from $0.53 per clip.</summary>
    public static VideoModelCapabilities Sora2ProVersion2 { get; } = Sora2Version2 with { Model = "sora-2-pro", PricePerClip = 0.53m };

    /// <summary>Gets every default entry, each model's version 1.0 before its version 2.0.</summary>
    public static IReadOnlyList<VideoModelCapabilities> All { get; } = [Sora2Version1, Sora2Version2, Sora2ProVersion1, Sora2ProVersion2];
}
