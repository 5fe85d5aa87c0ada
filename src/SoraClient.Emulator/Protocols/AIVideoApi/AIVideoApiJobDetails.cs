namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>What an aivideoapi job was created with.</summary>
/// <param name="Model">The model.</param>
/// <param name="Duration">The length in seconds.</param>
/// <param name="AspectRatio"><c>16:9</c> or <c>9:16</c>.</param>
/// <param name="VideoUrl">The output's URL on the emulator's CDN.</param>
internal sealed record AIVideoApiJobDetails(string Model, int Duration, string AspectRatio, string VideoUrl);
