namespace SoraClient.Emulator.Media;

/// <summary>The real small media every protocol serves (see <c>Assets/README.md</c>), read from embedded resources once.</summary>
internal static class MediaAssets
{
    private static readonly Lazy<MediaAsset> s_video = new(() => Load("sample.mp4", "video/mp4"));
    private static readonly Lazy<MediaAsset> s_thumbnail = new(() => Load("thumbnail.webp", "image/webp"));
    private static readonly Lazy<MediaAsset> s_spritesheet = new(() => Load("spritesheet.jpg", "image/jpeg"));

    /// <summary>A 2-second 160x90 H.264 MP4.</summary>
    public static MediaAsset Video => s_video.Value;

    /// <summary>A 160x90 WebP frame.</summary>
    public static MediaAsset Thumbnail => s_thumbnail.Value;

    /// <summary>A 320x45 JPEG of four 80x45 frames.</summary>
    public static MediaAsset Spritesheet => s_spritesheet.Value;

    private static MediaAsset Load(string fileName, string contentType)
    {
        var name = "SoraClient.Emulator.Assets." + fileName;
        using var stream = typeof(MediaAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing from the emulator assembly.");
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return new MediaAsset(fileName, contentType, content);
    }
}
