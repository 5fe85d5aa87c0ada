namespace SoraClient.Emulator.Media;

/// <summary>What an image header says: its media type and pixel size.</summary>
internal readonly record struct ImageInfo(string MediaType, int Width, int Height);
