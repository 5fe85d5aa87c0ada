using System.Diagnostics.CodeAnalysis;

namespace SoraClient;

/// <summary>One size a model offers: its name in the gateway's terms and what it means in neutral terms.</summary>
/// <remarks>
/// The constructor takes the name and what it means; the rest are <c>init</c> members, so a new property can be added
/// later without changing the constructor (see <see cref="VideoModelCapabilities"/> for why the constructor stays).
/// </remarks>
public sealed record VideoSizeOption
{
    /// <summary>Initializes a new instance of the <see cref="VideoSizeOption"/> class.</summary>
    /// <param name="Name">The size's name, as accepted in <see cref="VideoGenerationRequest.Size"/> (for example <c>1280x720</c>).</param>
    /// <param name="AspectRatio">The shape.</param>
    /// <param name="Resolution">The resolution tier.</param>
    [SuppressMessage("StyleCop.CSharp.NamingRules", "SA1313:Parameter names should begin with lower-case letter", Justification = "Named as the properties: the configuration binding generator matches constructor parameters to properties by exact name.")]
    public VideoSizeOption(string Name, VideoAspectRatio AspectRatio, VideoResolution Resolution)
    {
        this.Name = Name;
        this.AspectRatio = AspectRatio;
        this.Resolution = Resolution;
    }

    /// <summary>Gets the size's name, as accepted in <see cref="VideoGenerationRequest.Size"/> (for example <c>1280x720</c>).</summary>
    public string Name { get; init; }

    /// <summary>Gets the shape.</summary>
    public VideoAspectRatio AspectRatio { get; init; }

    /// <summary>Gets the resolution tier.</summary>
    public VideoResolution Resolution { get; init; }

    /// <summary>Gets the width in pixels, when the gateway documents it.</summary>
    public int? Width { get; init; }

    /// <summary>Gets the height in pixels, when the gateway documents it.</summary>
    public int? Height { get; init; }

    /// <summary>Gets a price per second that replaces the model's for this size (sizes priced by tier).</summary>
    public decimal? PricePerSecond { get; init; }

    /// <summary>Creates a size named <c>{width}x{height}</c> with its shape derived from the dimensions.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="resolution">The resolution tier.</param>
    /// <param name="pricePerSecond">A price per second for this size, if it differs from the model's.</param>
    /// <returns>The size.</returns>
    public static VideoSizeOption Pixels(int width, int height, VideoResolution resolution, decimal? pricePerSecond = null) => new(
        $"{width}x{height}",
        width > height ? VideoAspectRatio.Landscape : width < height ? VideoAspectRatio.Portrait : VideoAspectRatio.Square,
        resolution)
    {
        Width = width,
        Height = height,
        PricePerSecond = pricePerSecond,
    };
}
