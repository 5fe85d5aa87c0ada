using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>Why a video failed (spec <c>Error-2</c>).</summary>
internal sealed class OpenAIVideoError
{
    [JsonPropertyName("code")]
    public required string Code { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }
}
