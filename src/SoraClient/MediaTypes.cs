namespace SoraClient;

/// <summary>Maps the image and video media types the gateways accept to file extensions and back.</summary>
internal static class MediaTypes
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Webp = "image/webp";
    public const string Mp4 = "video/mp4";

    public static string? FromExtension(string? extension) => extension?.ToUpperInvariant() switch
    {
        ".PNG" => Png,
        ".JPG" or ".JPEG" => Jpeg,
        ".WEBP" => Webp,
        ".MP4" => Mp4,
        _ => null,
    };

    public static string ExtensionFor(string mediaType) => mediaType.ToUpperInvariant() switch
    {
        "IMAGE/PNG" => ".png",
        "IMAGE/JPEG" or "IMAGE/JPG" => ".jpg",
        "IMAGE/WEBP" => ".webp",
        "VIDEO/MP4" => ".mp4",
        _ => string.Empty,
    };
}
