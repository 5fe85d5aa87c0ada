using Microsoft.Net.Http.Headers;

namespace SoraClient.Emulator.Media;

/// <summary>One embedded media file, loaded once.</summary>
internal sealed class MediaAsset(string fileName, string contentType, byte[] content)
{
    public string FileName { get; } = fileName;

    public string ContentType { get; } = contentType;

    public ReadOnlyMemory<byte> Content { get; } = content;

    /// <summary>A strong validator derived from the bytes, so resumed downloads can be checked with <c>If-Range</c>.</summary>
    public EntityTagHeaderValue EntityTag { get; } =
        new('"' + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content).AsSpan(0, 16)).ToLowerInvariant() + '"');
}
