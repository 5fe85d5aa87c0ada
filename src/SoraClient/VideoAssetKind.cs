using System.Text.Json.Serialization;

namespace SoraClient;

/// <summary>The kinds of asset a finished job can have.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoAssetKind>))] // serialised by name, not as a number (ASP.NET Core responses, stored JSON)
public enum VideoAssetKind
{
    /// <summary>The generated video (MP4).</summary>
    Video,

    /// <summary>A still preview image.</summary>
    Thumbnail,

    /// <summary>A grid of frames from the video.</summary>
    Spritesheet,
}
