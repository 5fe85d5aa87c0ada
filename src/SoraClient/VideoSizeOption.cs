namespace SoraClient;

/// <summary>One size a model offers: its name in the gateway's terms and what it means in neutral terms.</summary>
/// <param name="Name">The size's name, as accepted in <see cref="VideoGenerationRequest.Size"/> (for example <c>1280x720</c>).</param>
/// <param name="AspectRatio">The shape.</param>
/// <param name="Resolution">The resolution tier.</param>
/// <param name="Width">The width in pixels, when the gateway documents it.</param>
/// <param name="Height">The height in pixels, when the gateway documents it.</param>
/// <param name="PricePerSecond">A price per second that replaces the model's for this size (sizes priced by tier).</param>
public sealed record VideoSizeOption(
    string Name,
    VideoAspectRatio AspectRatio,
    VideoResolution Resolution,
    int? Width = null,
    int? Height = null,
    decimal? PricePerSecond = null)
{
    /// <summary>Creates a size named <c>{width}x{height}</c> with its shape derived from the dimensions.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="resolution">The resolution tier.</param>
    /// <param name="pricePerSecond">A price per second for this size, if it differs from the model's.</param>
    /// <returns>The size.</returns>
    public static VideoSizeOption Pixels(int width, int height, VideoResolution resolution, decimal? pricePerSecond = null) => new(
        $"{width}x{height}",
        width > height ? VideoAspectRatio.Landscape : width < height ? VideoAspectRatio.Portrait : VideoAspectRatio.Square,
        resolution,
        width,
        height,
        pricePerSecond);
}
