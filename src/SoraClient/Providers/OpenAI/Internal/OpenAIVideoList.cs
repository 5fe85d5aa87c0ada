using System.Text.Json.Serialization;

namespace SoraClient.Providers.OpenAI.Internal;

/// <summary>A page of <c>GET /videos</c>.</summary>
internal sealed class OpenAIVideoList
{
    [JsonPropertyName("data")]
    public List<OpenAIVideo> Data { get; set; } = [];

    [JsonPropertyName("last_id")]
    public string? LastId { get; set; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; set; }
}
