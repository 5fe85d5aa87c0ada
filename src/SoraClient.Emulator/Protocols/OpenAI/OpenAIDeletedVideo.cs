using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>The answer to a delete (spec <c>DeletedVideoResource</c>).</summary>
internal sealed class OpenAIDeletedVideo
{
    [JsonPropertyName("object")]
    public string Object => "video.deleted";

    [JsonPropertyName("deleted")]
    public bool Deleted => true;

    [JsonPropertyName("id")]
    public required string Id { get; init; }
}
