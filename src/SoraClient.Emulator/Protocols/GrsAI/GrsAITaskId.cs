using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.GrsAI;

/// <summary>The <c>data</c> of an accepted create: <c>{"id": ...}</c>.</summary>
internal sealed class GrsAITaskId
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
