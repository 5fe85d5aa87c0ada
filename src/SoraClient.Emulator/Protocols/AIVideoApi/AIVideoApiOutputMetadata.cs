using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary>What the output is: its length and shape.</summary>
internal sealed class AIVideoApiOutputMetadata
{
    [JsonPropertyName("duration")]
    public int Duration { get; init; }

    [JsonPropertyName("aspect_ratio")]
    public required string AspectRatio { get; init; }
}
