using System.Text.Json.Serialization;

namespace SoraClient.Emulator.Protocols.OpenAI;

/// <summary>A page of videos (spec <c>VideoListResource</c>).</summary>
internal sealed class OpenAIVideoList
{
    [JsonPropertyName("object")]
    public string Object => "list";

    [JsonPropertyName("data")]
    public required IReadOnlyList<OpenAIVideo> Data { get; init; }

    [JsonPropertyName("first_id")]
    public required string? FirstId { get; init; }

    [JsonPropertyName("last_id")]
    public required string? LastId { get; init; }

    [JsonPropertyName("has_more")]
    public required bool HasMore { get; init; }
}
