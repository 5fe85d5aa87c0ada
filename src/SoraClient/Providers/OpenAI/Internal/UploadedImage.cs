namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>A reference image sent as a file part, with the dimensions read from its header.</summary>
/// <param name="Bytes">The image.</param>
/// <param name="MediaType">Its media type.</param>
/// <param name="FileName">The file name sent with it.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record UploadedImage(ReadOnlyMemory<byte> Bytes, string MediaType, string FileName, int Width, int Height);
