using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>The body of OpenAI's error envelope; all four keys are always written, null when unknown.</summary>
internal sealed class OpenAIError
{
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("param")]
    public required string? Param { get; init; }

    [JsonPropertyName("code")]
    public required string? Code { get; init; }
}
