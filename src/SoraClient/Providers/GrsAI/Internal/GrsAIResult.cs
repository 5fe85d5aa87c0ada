using System.Text.Json.Serialization;

namespace SoraClient.Providers.GrsAI.Internal;

/// <summary>One entry of a task's <c>results</c>: a video (<c>url</c>, <c>pid</c>) or a character (<c>character_id</c>).</summary>
internal sealed class GrsAIResult
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("pid")]
    public string? Pid { get; set; }

    [JsonPropertyName("character_id")]
    public string? CharacterId { get; set; }
}
