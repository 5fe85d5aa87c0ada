using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.AIVideoApi;

/// <summary><c>{"error":{"code","message","type"}}</c>.</summary>
internal sealed class AIVideoApiErrorResponse
{
    [JsonPropertyName("error")]
    public required AIVideoApiError Error { get; init; }
}
