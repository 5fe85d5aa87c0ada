namespace SoraClient;

/// <summary>The kinds of asset a finished job can have.</summary>
public enum VideoAssetKind
{
    /// <summary>The generated video (MP4).</summary>
    Video,

    /// <summary>A still preview image.</summary>
    Thumbnail,

    /// <summary>A grid of frames from the video.</summary>
    Spritesheet,
}
